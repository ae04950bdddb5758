import autocannon from 'autocannon';

/** One load run: how many answers per second, and how long they took. */
export interface LoadFigure {
  connections: number;
  seconds: number;
  /** Successful answers (2xx; committed transactions for pgbench) per second over the whole run. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  /** Non-2xx answers, connection errors and timeouts (failed transactions for pgbench). */
  failed: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface HttpLoadParams {
  url: string;
  connections: number;
  seconds: number;
  /** Stop after this many requests instead of after `seconds`. */
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  /** Builds each request's headers and body, so every request can carry its own key or signature. */
  build?: () => { headers: Record<string, string>; body: string };
}

/** autocannon in this process (one connection per `connections`, no pipelining). */
export async function runHttpLoad(params: HttpLoadParams): Promise<LoadFigure> {
  const { build } = params;
  const result = await autocannon({
    url: params.url,
    connections: params.connections,
    ...(params.amount ? { amount: params.amount } : { duration: params.seconds }),
    timeout: 30,
    requests: [
      {
        method: params.method ?? 'POST',
        ...(params.headers ? { headers: params.headers } : {}),
        ...(build
          ? {
              setupRequest: (request) => {
                const built = build();
                return { ...request, headers: { ...params.headers, ...built.headers }, body: built.body };
              },
            }
          : {}),
      },
    ],
  });
  return {
    connections: params.connections,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/** A ratio rounded for reports (2 decimals). */
export const ratio = (value: number, baseline: number): number => Math.round((value / baseline) * 100) / 100;
