import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from './load';

/** When request `index` (from 0) is due, ms after the start, at `ratePerSecond`: t0 + i / rate. */
export const scheduledOffsetMs = (index: number, ratePerSecond: number): number => (index * 1_000) / ratePerSecond;

/** How many of `total` requests are due `elapsedMs` after the start (request 0 is due at once). */
export function dueBy(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerSecond) / 1_000 + 1e-9) + 1);
}

export interface OpenLoopParams {
  url: string;
  ratePerSecond: number;
  count: number;
  headers: Record<string, string>;
  /** Each request's own headers and body. */
  build: () => { headers: Record<string, string>; body: string };
  timeoutMs?: number;
}

export interface OpenLoopResult {
  ratePerSecond: number;
  sent: number;
  ok: number;
  failed: number;
  /** Epoch ms at which each answered request was due, by the `id` of the JSON answer (a payout's id). */
  dueAtById: Map<string, number>;
  /** The arrival rate actually kept: requests after the first over the time from the first to the last sent. */
  keptRatePerSecond: number;
  /** How late requests left against their schedule (the generator's own lag on a busy machine), ms. */
  lagP99Ms: number;
  lagMaxMs: number;
  answerP50Ms: number;
  answerP99Ms: number;
}

/**
 * An open-loop generator: request i leaves at t0 + i / rate whatever the answers so far (a closed-loop tool such as
 * autocannon sends the next request only when a connection is free, so a slow server slows its arrivals down and
 * hides its queue). Connections are opened as needed (keep-alive, no cap), so a request never waits for an answer.
 */
export async function runOpenLoop(params: OpenLoopParams): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const url = new URL(params.url);
  const startEpoch = Date.now();
  const start = performance.now();
  const lags: number[] = [];
  const answers: number[] = [];
  const dueAtById = new Map<string, number>();
  let ok = 0;
  let failed = 0;
  let lastSentAt = start;
  const pending: Promise<void>[] = [];

  const send = (index: number) => {
    const due = scheduledOffsetMs(index, params.ratePerSecond);
    const sentAt = performance.now();
    lastSentAt = sentAt;
    lags.push(sentAt - start - due);
    const built = params.build();
    pending.push(
      new Promise<void>((resolve) => {
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            agent,
            headers: { ...params.headers, ...built.headers, 'content-length': Buffer.byteLength(built.body) },
            timeout: params.timeoutMs ?? 30_000,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              answers.push(performance.now() - sentAt);
              const status = response.statusCode ?? 0;
              if (status >= 200 && status < 300) {
                ok++;
                const id = idOf(Buffer.concat(chunks).toString('utf8'));
                if (id) dueAtById.set(id, startEpoch + due);
              } else failed++;
              resolve();
            });
          },
        );
        request.on('timeout', () => request.destroy(new Error('timed out')));
        request.on('error', () => {
          failed++;
          resolve();
        });
        request.end(built.body);
      }),
    );
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const due = dueBy(performance.now() - start, params.ratePerSecond, params.count);
      while (next < due) send(next++);
      if (next >= params.count) return resolve();
      const wait = scheduledOffsetMs(next, params.ratePerSecond) - (performance.now() - start);
      setTimeout(tick, Math.max(0, wait));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  lags.sort((a, b) => a - b);
  answers.sort((a, b) => a - b);
  return {
    ratePerSecond: params.ratePerSecond,
    sent: params.count,
    ok,
    failed,
    dueAtById,
    keptRatePerSecond: params.count > 1 ? (params.count - 1) / ((lastSentAt - start) / 1_000) : NaN,
    lagP99Ms: Math.round(percentile(lags, 99)),
    lagMaxMs: Math.round(lags.at(-1) ?? NaN),
    answerP50Ms: Math.round(percentile(answers, 50)),
    answerP99Ms: Math.round(percentile(answers, 99)),
  };
}

function idOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { id?: string }).id;
  } catch {
    return undefined;
  }
}
