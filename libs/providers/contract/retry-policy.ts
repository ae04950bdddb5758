import type { SendPermission } from './payout-provider';
import { HttpAnswer } from './provider-http';

export interface RetryPolicy {
  /** Tries in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the retries instead of being cut short (it is honoured, never shortened). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 3_000,
  maxRetryAfterMs: 10_000,
};

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const systemRetryClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so workers spread out. */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export type BeforeTry = () => Promise<'go' | 'rate_limited'>;

export interface RetriedAnswer {
  /** The last answer; undefined when nothing could be sent (the rate budget stayed spent). */
  answer: HttpAnswer | undefined;
  requestCount: number;
  /** An earlier try may have been executed by the provider (no answer, or a 5xx): a later refusal proves nothing. */
  hadUnknownTry: boolean;
  /** The rate budget stopped us before a try. */
  rateLimited: boolean;
  /** `beforeFirstRequest` said no: nothing was sent. */
  notSent?: Exclude<SendPermission, 'go'>;
}

/** A try whose outcome the provider may have executed without telling us. */
export const isUnknownOutcome = (answer: HttpAnswer): boolean => answer.kind === 'no_response' || answer.status >= 500;

/**
 * Sends, and sends again while `isRetryable` says so, with backoff and the provider's Retry-After. The caller builds
 * every try from the same request, so the idempotency reference never changes between tries.
 */
export async function sendWithRetries(
  send: () => Promise<HttpAnswer>,
  options: {
    policy: RetryPolicy;
    clock: RetryClock;
    isRetryable: (answer: HttpAnswer) => boolean;
    beforeTry?: BeforeTry;
    /** Right before the first request leaves (after `beforeTry`): not `go` sends nothing. */
    beforeFirstRequest?: () => Promise<SendPermission>;
    /** How this provider writes Retry-After; the standard reading when absent. */
    readRetryAfterMs?: (headers: Headers, nowMs: number) => number | undefined;
  },
): Promise<RetriedAnswer> {
  const { policy, clock } = options;
  let answer: HttpAnswer | undefined;
  let requestCount = 0;
  let hadUnknownTry = false;
  for (let tryNumber = 1; tryNumber <= policy.maxAttempts; tryNumber++) {
    if (options.beforeTry && (await options.beforeTry()) === 'rate_limited') {
      return { answer, requestCount, hadUnknownTry, rateLimited: true };
    }
    if (tryNumber === 1 && options.beforeFirstRequest) {
      const permission = await options.beforeFirstRequest();
      if (permission !== 'go') return { answer, requestCount, hadUnknownTry, rateLimited: false, notSent: permission };
    }
    answer = await send();
    requestCount++;
    if (!options.isRetryable(answer) || tryNumber === policy.maxAttempts) break;
    hadUnknownTry ||= isUnknownOutcome(answer);
    const readRetryAfter =
      options.readRetryAfterMs ?? ((headers, nowMs) => parseRetryAfterMs(headers.get('retry-after'), nowMs));
    const retryAfterMs = answer.kind === 'response' ? readRetryAfter(answer.headers, clock.now()) : undefined;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) break;
    await clock.sleep(Math.max(retryAfterMs ?? 0, backoffDelayMs(tryNumber, policy, clock.random)));
  }
  return { answer, requestCount, hadUnknownTry, rateLimited: false };
}
