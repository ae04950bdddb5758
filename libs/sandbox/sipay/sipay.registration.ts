import { duration, text } from '@libs/platform/config';
import type { EmulatorRegistration } from '../emulator-registration';
import { SIPAY_CHAOS_TABLES, SIPAY_LAG_PERCENT, SIPAY_REFUSAL_REPEATS } from './sipay.chaos';
import { SIPAY_PUBLISHED_CREDENTIALS } from './sipay.credentials';
import { SipayEmulator } from './sipay.emulator';
import { SipayIds } from './sipay.ids';
import { SipayNotifier } from './sipay.notifier';
import { SIPAY_BASE_PATH, sipayRoutes } from './sipay.routes';
import { SipayTokenIssuer } from './sipay.token-issuer';

/** The Sipay emulator's part of SandboxOptions. */
export interface SipaySandboxOptions {
  /** Lifetime of Sipay access tokens. */
  tokenTtlMs: number;
  sipayClientId: string;
  sipayClientSecret: string;
  sipayWebhookToken: string;
}

/** The Sipay emulator's part of SandboxChaosOptions. */
export interface SipaySandboxChaosOptions {
  /** Longest a Sipay record stays invisible to the lookup; default 1 s. */
  sipayLagMaxMs?: number;
}

const DEFAULT_SIPAY_LAG_MAX_MS = 1_000;

const settings = {
  tokenTtlMs: duration('SANDBOX_TOKEN_TTL', { description: 'lifetime of sandbox Sipay tokens', default: '1h' }),
};
const chaos = {
  chaosSipayLagMs: duration('SANDBOX_CHAOS_SIPAY_LAG', {
    description:
      'chaos mode: longest a Sipay record stays invisible to the lookup (keep below SIPAY_CONSISTENCY_WINDOW)',
    default: '1s',
  }),
};
/** The same variables as the adapter's (one environment configures both sides), declared here: no libs/providers. */
const credentials = {
  sipayClientId: text('SIPAY_CLIENT_ID', { description: 'Sipay OAuth client id' }),
  sipayClientSecret: text('SIPAY_CLIENT_SECRET', { description: 'Sipay OAuth client secret', secret: true }),
  sipayWebhookToken: text('SIPAY_WEBHOOK_TOKEN', {
    description: 'unguessable path token of /v1/webhooks/sipay/{token} (Sipay signs nothing)',
    secret: true,
  }),
};

/** Sipay's token URL and API under /sipay; its webhooks go to `/v1/webhooks/sipay/<token>`. */
export const sipayEmulator: EmulatorRegistration = {
  name: 'sipay',
  config: { settings, chaos, credentials },
  optionsFromConfig(values: {
    tokenTtlMs: number;
    chaosSipayLagMs: number;
    sipayClientId?: string;
    sipayClientSecret?: string;
    sipayWebhookToken?: string;
  }) {
    const options: SipaySandboxOptions = {
      tokenTtlMs: values.tokenTtlMs,
      sipayClientId: values.sipayClientId ?? SIPAY_PUBLISHED_CREDENTIALS.clientId,
      sipayClientSecret: values.sipayClientSecret ?? SIPAY_PUBLISHED_CREDENTIALS.clientSecret,
      sipayWebhookToken: values.sipayWebhookToken ?? SIPAY_PUBLISHED_CREDENTIALS.webhookToken,
    };
    const chaosOptions: SipaySandboxChaosOptions = { sipayLagMaxMs: values.chaosSipayLagMs };
    return { options, chaos: chaosOptions };
  },
  chaos: (options: SipaySandboxChaosOptions) => ({
    tables: SIPAY_CHAOS_TABLES,
    lookupLag: { percent: SIPAY_LAG_PERCENT, maxMs: options.sipayLagMaxMs ?? DEFAULT_SIPAY_LAG_MAX_MS },
    refusalRepeats: SIPAY_REFUSAL_REPEATS,
  }),
  mount(context, options) {
    const { store, dispatcher, timers, chaos: engine, webhookDelayMs, timeoutHoldMs, now } = context;
    const notifier = new SipayNotifier({
      dispatcher,
      url: `${context.webhookTarget}/v1/webhooks/sipay/${encodeURIComponent(options.sipayWebhookToken)}`,
      now,
    });
    const emulator = new SipayEmulator({
      store,
      wallets: context.wallets,
      notifier,
      ids: new SipayIds(),
      timers,
      webhookDelayMs,
      timeoutHoldMs,
      chaos: engine,
      lagMaxMs: options.chaos.sipayLagMaxMs ?? DEFAULT_SIPAY_LAG_MAX_MS,
      now,
    });
    const tokens = new SipayTokenIssuer(options.tokenTtlMs, now);
    return {
      emulator,
      routes: sipayRoutes({
        clientId: options.sipayClientId,
        clientSecret: options.sipayClientSecret,
        tokens,
        emulator,
        store,
        chaos: engine,
      }),
      reset: () => emulator.reset(),
    };
  },
  describeRoutes: (url) => `Sipay ${url}${SIPAY_BASE_PATH} (token ${url}${SIPAY_BASE_PATH}/connect/token)`,
};
