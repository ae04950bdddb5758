import type { ChaosProfileName } from './chaos/chaos-profile';

/** What the sandbox writes to its log: a pino Logger fits; `debug` (one line per provider request) is optional. */
export interface SandboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface SandboxOptions {
  /** Interface to bind; default 127.0.0.1. The control API answers loopback callers only, whatever the host. */
  host?: string;
  /** 0 = any free port. */
  port: number;
  /** Base URL webhooks go to: Pientegra at `/v1/webhooks/pientegra`, Sipay at `/v1/webhooks/sipay/<token>`. */
  webhookTarget: string;
  /** Time between acceptance (or the previous outcome) and the next outcome webhook. */
  webhookDelayMs: number;
  /** How long scenario 41 and slow mode hold a response. */
  timeoutHoldMs: number;
  /** Lifetime of Sipay access tokens. */
  tokenTtlMs: number;
  pientegraApiKey: string;
  /** Signs with the first; the rest exist so one environment can configure both sides during rotation. */
  pientegraWebhookSecrets: string[];
  sipayClientId: string;
  sipayClientSecret: string;
  sipayWebhookToken: string;
  /** First wait before a failed webhook delivery is retried; doubles per attempt up to a minute. Default 1000. */
  webhookRetryBaseMs?: number;
  /** Chaos mode (libs/sandbox/chaos): on when `seed` is set here or later through `PUT /_sandbox/chaos`. */
  chaos?: SandboxChaosOptions;
  logger?: SandboxLogger;
  now?: () => Date;
}

export interface SandboxChaosOptions {
  seed?: number;
  profile?: ChaosProfileName;
  /** Longest a Sipay record stays invisible to the lookup; default 1 s. */
  sipayLagMaxMs?: number;
  /** Latest a late webhook comes and longest a manual review lasts; default 2 s. */
  lateMaxMs?: number;
  /** How long the answer waits when the webhook goes first; default 100 ms (below the caller's timeout). */
  answerDelayMs?: number;
}

export const WEBHOOK_MAX_ATTEMPTS = 10;
export const WEBHOOK_RETRY_MAX_MS = 60_000;
export const DEFAULT_WEBHOOK_RETRY_BASE_MS = 1_000;

const silentLogger: SandboxLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'logger' | 'chaos'>> & {
  logger: SandboxLogger;
  chaos: SandboxChaosOptions;
};

export function resolveSandboxOptions(options: SandboxOptions): ResolvedSandboxOptions {
  if (options.pientegraWebhookSecrets.length === 0) throw new Error('the sandbox needs a Pientegra webhook secret');
  return {
    ...options,
    host: options.host ?? '127.0.0.1',
    webhookTarget: options.webhookTarget.replace(/\/+$/, ''),
    webhookRetryBaseMs: options.webhookRetryBaseMs ?? DEFAULT_WEBHOOK_RETRY_BASE_MS,
    chaos: options.chaos ?? {},
    logger: options.logger ?? silentLogger,
    now: options.now ?? (() => new Date()),
  };
}
