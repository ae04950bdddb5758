import { createSandbox, Sandbox } from '@libs/sandbox/sandbox';
import type { SandboxOptions } from '@libs/sandbox/sandbox.options';
import { WebhookReceiver } from './webhook-receiver';

export const TEST_CREDENTIALS = {
  pientegraApiKey: 'sk_test_spec_pientegra',
  pientegraWebhookSecrets: ['whsec_spec_first', 'whsec_spec_second'],
  sipayClientId: 'spec-client',
  sipayClientSecret: 'spec-secret',
  sipayWebhookToken: 'spec-webhook-token',
} as const;

export const PIENTEGRA_HOOK_PATH = '/v1/webhooks/pientegra';
export const SIPAY_HOOK_PATH = `/v1/webhooks/sipay/${TEST_CREDENTIALS.sipayWebhookToken}`;

export interface Harness {
  sandbox: Sandbox;
  url: string;
  receiver: WebhookReceiver;
  stop(): Promise<void>;
}

/** A sandbox on a free port with millisecond delays, delivering to a local receiver. */
export async function startHarness(overrides: Partial<SandboxOptions> = {}): Promise<Harness> {
  const receiver = new WebhookReceiver();
  const target = await receiver.start();
  const sandbox = createSandbox({
    port: 0,
    webhookTarget: target,
    webhookDelayMs: 150, // long enough that a busy machine still sees the "before the outcome" state
    timeoutHoldMs: 300,
    tokenTtlMs: 60_000,
    webhookRetryBaseMs: 10,
    ...TEST_CREDENTIALS,
    pientegraWebhookSecrets: [...TEST_CREDENTIALS.pientegraWebhookSecrets],
    ...overrides,
  });
  const { url } = await sandbox.listen();
  return {
    sandbox,
    url,
    receiver,
    stop: async () => {
      await sandbox.close();
      await receiver.stop();
    },
  };
}

/** Specs read answers loosely; their assertions are the type check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** JSON.parse of the text (only for bodies without 64-bit numbers); undefined when empty. */
  json: LooseJson;
  ms: number;
}

export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  const started = Date.now();
  const response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: parsed, ms: Date.now() - started };
}

export const VALID_IBAN = 'TR320010009999901234567890';

let keys = 0;
/** A fresh reference for each request of a spec run. */
export const uniqueKey = (prefix: string): string => `${prefix}-${process.pid}-${(keys += 1)}`;
