import { SandboxContext, SandboxControl, WebhookCapture } from '../support/conformance';
import { createSandbox, Sandbox } from '@libs/sandbox';

/** Credentials both sides share; the sandbox signs with the first webhook secret, the adapter lists it second. */
export const CONFORMANCE_CREDENTIALS = {
  pientegraApiKey: 'sk_test_conformance_pientegra',
  pientegraWebhookSecrets: ['whsec_conformance_rotated', 'whsec_test_5f1d2c'],
  sipayClientId: 'conformance-client',
  sipayClientSecret: 'conformance-secret',
  sipayWebhookToken: 'conformance-webhook-token',
};

export interface RunningSandbox {
  context: SandboxContext;
  sandbox: Sandbox;
  stop(): Promise<void>;
}

/** The real sandbox in this process on a free port, with tiny delays, delivering webhooks to a capture server. */
export async function startConformanceSandbox(overrides: { tokenTtlMs?: number } = {}): Promise<RunningSandbox> {
  const webhooks = new WebhookCapture();
  const webhookTarget = await webhooks.start();
  const sandbox = createSandbox({
    port: 0,
    webhookTarget,
    webhookDelayMs: 30,
    timeoutHoldMs: 1_200,
    tokenTtlMs: overrides.tokenTtlMs ?? 60 * 60_000,
    webhookRetryBaseMs: 20,
    ...CONFORMANCE_CREDENTIALS,
  });
  const { url } = await sandbox.listen();
  return {
    sandbox,
    context: {
      baseUrl: url,
      control: new SandboxControl(url),
      webhooks,
      credentials: CONFORMANCE_CREDENTIALS,
      adapterTimeoutMs: 400,
      settleMs: 3_000,
    },
    stop: async () => {
      await sandbox.close();
      await webhooks.stop();
    },
  };
}
