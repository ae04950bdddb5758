import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

// A small hand-written layer over the client generated from the service's OpenAPI document (schema.ts):
// authentication, a timeout per request, and creation retried safely with the same Idempotency-Key.

export type Payout = components['schemas']['PayoutDto'];
export type ExpandedPayout = components['schemas']['ExpandedPayoutDto'];
export type CreatePayoutBody = components['schemas']['CreatePayoutDto'];
export type Problem = components['schemas']['ProblemDto'];
export type PayoutsApi = Client<paths>;

export interface PayoutsClientOptions {
  /** Where the service answers, e.g. `https://payouts.internal`. */
  baseUrl: string;
  /** The client's API key (`pk_…`), sent as `Authorization: Bearer`. */
  apiKey: string;
  /** Abort a request after this long (default 10 s); a creation that timed out is retried. */
  timeoutMs?: number;
  /** Further tries of a creation after a timeout, a network error, a 5xx or a 409 (default 3). */
  retries?: number;
  /** Wait before the first retry, doubled each time; a Retry-After header wins (default 200 ms). */
  retryDelayMs?: number;
}

export type CreatePayoutResult =
  | {
      ok: true;
      payout: Payout;
      /** `true` when the service answered with the stored result of an earlier try (`Idempotent-Replayed`). */
      replayed: boolean;
      /** How many requests it took. */
      tries: number;
      response: Response;
    }
  | { ok: false; problem: Problem; tries: number; response: Response };

export interface PayoutsClient {
  /** The generated client: every operation of the document, typed (`api.GET('/v1/payouts/{id}', …)`). */
  api: PayoutsApi;
  /**
   * POST /v1/payouts. Every try sends the same Idempotency-Key, so a retry after a timeout, a 5xx or a 409 (the
   * first try still running) can never make a second payout: the service answers the first one's result.
   */
  createPayout(body: CreatePayoutBody, options: { idempotencyKey: string }): Promise<CreatePayoutResult>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retriable = (status: number) => status >= 500 || status === 409;

export function createPayoutsClient(options: PayoutsClientOptions): PayoutsClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    // Read at call time, so a fetch installed later (a test's interceptor) is used.
    fetch: (request: Request) => globalThis.fetch(new Request(request, { signal: AbortSignal.timeout(timeoutMs) })),
  });

  const createPayout: PayoutsClient['createPayout'] = async (body, { idempotencyKey }) => {
    let lastError: unknown;
    for (let tries = 1; tries <= retries + 1; tries += 1) {
      if (tries > 1) await sleep(retryDelayMs * 2 ** (tries - 2));
      try {
        const { data, error, response } = await api.POST('/v1/payouts', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body,
        });
        if (data) {
          return {
            ok: true,
            payout: data,
            replayed: response.headers.get('idempotent-replayed') === 'true',
            tries,
            response,
          };
        }
        if (tries <= retries && retriable(response.status)) {
          const retryAfter = Number(response.headers.get('retry-after'));
          if (retryAfter > 0) await sleep(retryAfter * 1000);
          continue;
        }
        return { ok: false, problem: error, tries, response };
      } catch (caught) {
        // A timeout or a network error: the first try may or may not have reached the service; the key makes the
        // next try safe either way.
        lastError = caught;
      }
    }
    throw lastError;
  };

  return { api, createPayout };
}
