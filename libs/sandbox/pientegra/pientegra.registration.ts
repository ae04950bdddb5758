import { list, text } from '@libs/platform/config';
import type { EmulatorRegistration } from '../emulator-registration';
import { PIENTEGRA_CHAOS_TABLES } from './pientegra.chaos';
import { PIENTEGRA_PUBLISHED_CREDENTIALS } from './pientegra.credentials';
import { PientegraEmulator } from './pientegra.emulator';
import { PientegraEvents } from './pientegra.events';
import { PientegraNotifier } from './pientegra.notifier';
import { PIENTEGRA_BASE_PATH, pientegraRoutes } from './pientegra.routes';

/** The Pientegra emulator's part of SandboxOptions. */
export interface PientegraSandboxOptions {
  pientegraApiKey: string;
  /** Signs with the first; the rest exist so one environment can configure both sides during rotation. */
  pientegraWebhookSecrets: string[];
}

/** The same variables as the adapter's (one environment configures both sides), declared here: no libs/providers. */
const credentials = {
  pientegraApiKey: text('PIENTEGRA_API_KEY', { description: 'Pientegra API key (sk_live_...)', secret: true }),
  pientegraWebhookSecrets: list('PIENTEGRA_WEBHOOK_SECRET', {
    description: 'webhook signing secret(s), comma-separated during rotation',
    secret: true,
  }),
};

/** Pientegra's External API under /pientegra/api/v1; its signed webhooks go to `/v1/webhooks/pientegra`. */
export const pientegraEmulator: EmulatorRegistration = {
  name: 'pientegra',
  config: { settings: {}, chaos: {}, credentials },
  optionsFromConfig(values: { pientegraApiKey?: string; pientegraWebhookSecrets?: string[] }) {
    const secrets = values.pientegraWebhookSecrets ?? [];
    const options: PientegraSandboxOptions = {
      pientegraApiKey: values.pientegraApiKey ?? PIENTEGRA_PUBLISHED_CREDENTIALS.apiKey,
      pientegraWebhookSecrets: secrets.length > 0 ? secrets : [PIENTEGRA_PUBLISHED_CREDENTIALS.webhookSecret],
    };
    return { options, chaos: {} };
  },
  chaos: () => ({ tables: PIENTEGRA_CHAOS_TABLES }),
  mount(context, options) {
    if (options.pientegraWebhookSecrets.length === 0) throw new Error('the sandbox needs a Pientegra webhook secret');
    const { store, dispatcher, timers, chaos, webhookDelayMs, timeoutHoldMs, now } = context;
    const events = new PientegraEvents();
    const notifier = new PientegraNotifier({
      events,
      dispatcher,
      url: `${context.webhookTarget}/v1/webhooks/pientegra`,
      secret: options.pientegraWebhookSecrets[0],
      now,
    });
    const emulator = new PientegraEmulator({
      store,
      wallets: context.wallets,
      events,
      notifier,
      timers,
      webhookDelayMs,
      timeoutHoldMs,
      chaos,
      now,
    });
    return {
      emulator,
      routes: pientegraRoutes({ apiKey: options.pientegraApiKey, emulator, notifier, events, store }),
      reset: () => {
        events.clear();
        emulator.reset();
      },
    };
  },
  describeRoutes: (url) => `Pientegra ${url}${PIENTEGRA_BASE_PATH}`,
};
