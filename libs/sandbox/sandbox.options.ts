import type { ChaosProfileName } from './chaos/chaos-profile';
import type { EmulatorsChaosOptions, EmulatorsOptions } from './emulators';

/** What the sandbox writes to its log: a pino Logger fits; `debug` (one line per provider request) is optional. */
export interface SandboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

/** What the sandbox itself takes; each emulator adds its part (libs/sandbox/emulators.ts). */
export interface CommonSandboxOptions {
  /** Interface to bind; default 127.0.0.1. The control API answers loopback callers only, whatever the host. */
  host?: string;
  /** 0 = any free port. */
  port: number;
  /** Base URL webhooks go to; each emulator appends its provider's webhook path (`/v1/webhooks/<name>...`). */
  webhookTarget: string;
  /** Time between acceptance (or the previous outcome) and the next outcome webhook. */
  webhookDelayMs: number;
  /** How long scenario 41 and slow mode hold a response. */
  timeoutHoldMs: number;
  /** First wait before a failed webhook delivery is retried; doubles per attempt up to a minute. Default 1000. */
  webhookRetryBaseMs?: number;
  /** Chaos mode (libs/sandbox/chaos): on when `seed` is set here or later through `PUT /_sandbox/chaos`. */
  chaos?: SandboxChaosOptions;
  logger?: SandboxLogger;
  now?: () => Date;
}

export type SandboxOptions = CommonSandboxOptions & EmulatorsOptions;

export interface CommonChaosOptions {
  seed?: number;
  profile?: ChaosProfileName;
  /** Latest a late webhook comes and longest a manual review lasts; default 2 s. */
  lateMaxMs?: number;
  /** How long the answer waits when the webhook goes first; default 100 ms (below the caller's timeout). */
  answerDelayMs?: number;
}

export type SandboxChaosOptions = CommonChaosOptions & EmulatorsChaosOptions;

export const WEBHOOK_MAX_ATTEMPTS = 10;
export const WEBHOOK_RETRY_MAX_MS = 60_000;
export const DEFAULT_WEBHOOK_RETRY_BASE_MS = 1_000;

const silentLogger: SandboxLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'logger' | 'chaos'>> & {
  logger: SandboxLogger;
  chaos: SandboxChaosOptions;
};

export function resolveSandboxOptions(options: SandboxOptions): ResolvedSandboxOptions {
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
