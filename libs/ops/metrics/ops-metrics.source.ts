import type { Queue } from 'bullmq';
import type { InFlightStatus } from '@libs/payouts/domain';
import { systemClock, type Clock } from '@libs/platform/time';
import type { OpsMetricsQueries } from '../persistence/ops-metrics.queries';
import type { OpsMetricsSnapshot, OpsMetricsSource } from './ops-gauges';

const CACHE_MS = 5_000;
const TIMEOUT_MS = 2_000;
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

/**
 * One snapshot for all gauges of a scrape, cached a few seconds so several scrapers (or a burst) cost one round of
 * queries. A database or Redis that does not answer in time leaves the gauges as they were instead of holding the
 * scrape: /metrics must answer when things are broken, that is when it is read.
 */
export class PostgresOpsMetricsSource implements OpsMetricsSource {
  private cached?: { at: number; snapshot: Promise<OpsMetricsSnapshot> };

  constructor(
    private readonly queries: OpsMetricsQueries,
    private readonly queues: readonly Queue[],
    private readonly thresholdsMs: Readonly<Record<InFlightStatus, number>>,
    private readonly providerNames: readonly string[],
    private readonly clock: Clock = systemClock,
  ) {}

  providers(): readonly string[] {
    return this.providerNames;
  }

  snapshot(): Promise<OpsMetricsSnapshot> {
    const now = this.clock.now();
    if (this.cached && now.getTime() - this.cached.at < CACHE_MS) return this.cached.snapshot;
    const snapshot = this.load(now);
    this.cached = { at: now.getTime(), snapshot };
    snapshot.catch(() => (this.cached = undefined));
    return snapshot;
  }

  private async load(now: Date): Promise<OpsMetricsSnapshot> {
    const [byStatus, live, flags, queues] = await Promise.all([
      within(this.queries.byStatus(), TIMEOUT_MS),
      within(this.queries.liveAges(now, this.thresholdsMs), TIMEOUT_MS),
      within(this.queries.flags(), TIMEOUT_MS),
      within(this.queueCounts(), TIMEOUT_MS).catch(() => undefined),
    ]);
    return { byStatus, live, ...flags, ...(queues ? { queues } : {}) };
  }

  private async queueCounts(): Promise<{ queue: string; state: string; count: number }[]> {
    const perQueue = await Promise.all(
      this.queues.map(async (queue) => {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        return QUEUE_STATES.map((state) => ({ queue: queue.name, state, count: counts[state] ?? 0 }));
      }),
    );
    return perQueue.flat();
  }
}
