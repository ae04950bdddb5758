import { createHash, randomUUID } from 'node:crypto';
import type { SendPermission } from '../contract/payout-provider';
import { ProviderCallResult, toCallResult } from '../contract/provider-call';
import { isTransient, ProviderHttpRequest, sendProviderRequest } from '../contract/provider-http';
import { RateBudget, takeWithin } from '../contract/rate-budget';
import { RetryClock, RetryPolicy, sendWithRetries } from '../contract/retry-policy';
import { LISTING_PAGE_SIZE, retryAfterMs, UNDELIVERED_EVENTS_QUERY, withdrawalPath } from './pientegra.assumptions';

/** `POST /external/withdrawals` body; amounts are minor-unit strings. */
export interface PientegraCreateWithdrawal {
  externalUserId: string;
  externalUserLabel?: string;
  amount: string;
  currency: string;
  targetIban: string;
  targetHolderName: string;
}

export interface PientegraClientOptions {
  apiBase: string;
  apiKey: string;
  timeoutMs: number;
  requestsPerMinute: number;
  /** How long a call waits for a slot of the shared budget before it reports `rate_limited`. */
  budgetMaxWaitMs: number;
  budget: RateBudget;
  retryPolicy: RetryPolicy;
  clock: RetryClock;
}

/**
 * HTTP only: base URL, Bearer auth, Idempotency-Key, timeout, retries of transient answers with the same key, and
 * the one 60/min budget per API key shared by every process. Mapping answers to outcomes is the adapter's job.
 */
export class PientegraClient {
  /** The budget is per API key; the key itself never becomes part of a Redis key name. */
  private readonly budgetKey: string;

  constructor(private readonly options: PientegraClientOptions) {
    this.budgetKey = `pientegra:${createHash('sha256').update(options.apiKey).digest('hex').slice(0, 16)}`;
  }

  /** `beforeFirstSend`: see SubmitRequest; called once, right before the first try leaves. */
  createWithdrawal(
    idempotencyKey: string,
    body: PientegraCreateWithdrawal,
    beforeFirstSend?: () => Promise<SendPermission>,
  ): Promise<ProviderCallResult> {
    const path = '/external/withdrawals';
    return this.send({ method: 'POST', path, body: JSON.stringify(body), idempotencyKey, beforeFirstSend });
  }

  getWithdrawal(withdrawalId: string): Promise<ProviderCallResult> {
    return this.send({ method: 'GET', path: withdrawalPath(withdrawalId) });
  }

  /** `GET /external/withdrawals?createdFrom&createdTo&cursor&limit` [V]: one page of the listing. */
  listWithdrawals(from: Date, to: Date, cursor?: string): Promise<ProviderCallResult> {
    const query = new URLSearchParams({
      createdFrom: from.toISOString(),
      createdTo: to.toISOString(),
      limit: String(LISTING_PAGE_SIZE),
    });
    if (cursor !== undefined) query.set('cursor', cursor);
    return this.send({ method: 'GET', path: `/external/withdrawals?${query}` });
  }

  listUndeliveredEvents(cursor?: string): Promise<ProviderCallResult> {
    const page = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    return this.send({ method: 'GET', path: `/external/events?${UNDELIVERED_EVENTS_QUERY}${page}` });
  }

  replayEvent(eventId: string): Promise<ProviderCallResult> {
    // A replay is harmless twice (deliveries are deduplicated), so each call may take a fresh key.
    const path = `/external/events/${encodeURIComponent(eventId)}/replay`;
    return this.send({ method: 'POST', path, body: '{}', idempotencyKey: randomUUID() });
  }

  private async send(call: {
    method: 'GET' | 'POST';
    path: string;
    body?: string;
    idempotencyKey?: string;
    beforeFirstSend?: () => Promise<SendPermission>;
  }): Promise<ProviderCallResult> {
    const { options } = this;
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    // Every try of one call carries the same key: a retry is the same operation, never a new one.
    if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
    const request: ProviderHttpRequest = {
      method: call.method,
      url: `${options.apiBase}${call.path}`,
      headers,
      body: call.body,
      timeoutMs: options.timeoutMs,
    };
    const retried = await sendWithRetries(() => sendProviderRequest(request), {
      policy: options.retryPolicy,
      clock: options.clock,
      isRetryable: isTransient,
      readRetryAfterMs: retryAfterMs,
      ...(call.beforeFirstSend ? { beforeFirstRequest: call.beforeFirstSend } : {}),
      beforeTry: async () => {
        const limit = {
          key: this.budgetKey,
          limit: options.requestsPerMinute,
          windowMs: 60_000,
          maxWaitMs: options.budgetMaxWaitMs,
        };
        return (await takeWithin(options.budget, limit, options.clock)) ? 'go' : 'rate_limited';
      },
    });
    return toCallResult(retried);
  }
}
