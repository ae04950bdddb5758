import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { metricsRegistry } from '@libs/platform/metrics';
import { IN_FLIGHT_STATUSES, type InFlightStatus } from '@libs/payouts/domain';
import { systemClock, type Clock } from '@libs/platform/time';
import {
  AGE_BUCKETS,
  type LiveAgeRow,
  type OpsMetricsQueries,
  type ProviderBalanceGaugeRow,
  type ReconciliationDiscrepancyRow,
  type StatusProviderCount,
} from '../persistence/ops-metrics.queries';

export interface OpsMetricsSnapshot {
  byStatus: StatusProviderCount[];
  live: LiveAgeRow[];
  needsAttention: number;
  contradictions: number;
  /** Late flips recorded so far, by kind (every kind, zero included). */
  lateFlips: { kind: string; count: number }[];
  /** Each provider's last known balance (providers whose balance is unknown are absent). */
  balances: ProviderBalanceGaugeRow[];
  /** Each provider's last completed reconciliation run's discrepancies by kind (providers never reconciled: absent). */
  discrepancies: ReconciliationDiscrepancyRow[];
  /** Jobs per queue and state; absent when Redis did not answer in time (the last values are kept). */
  queues?: { queue: string; state: string; count: number }[];
}

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
export class PostgresOpsMetricsSource {
  private cached?: { at: number; snapshot: Promise<OpsMetricsSnapshot> };

  constructor(
    private readonly queries: OpsMetricsQueries,
    private readonly queues: readonly Queue[],
    private readonly thresholdsMs: Readonly<Record<InFlightStatus, number>>,
    private readonly providerNames: readonly string[],
    private readonly clock: Clock = systemClock,
  ) {}

  /** Provider names to report zeros for, so a stuck count that falls to nothing shows as 0, not as a gap. */
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
    const [byStatus, live, flags, lateFlips, balances, discrepancies, queues] = await Promise.all([
      within(this.queries.byStatus(), TIMEOUT_MS),
      within(this.queries.liveAges(now, this.thresholdsMs), TIMEOUT_MS),
      within(this.queries.flags(), TIMEOUT_MS),
      within(this.queries.lateFlips(), TIMEOUT_MS),
      within(this.queries.balances(), TIMEOUT_MS),
      within(this.queries.reconciliationDiscrepancies(), TIMEOUT_MS),
      within(this.queueCounts(), TIMEOUT_MS).catch(() => undefined),
    ]);
    return { byStatus, live, ...flags, lateFlips, balances, discrepancies, ...(queues ? { queues } : {}) };
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

let source: PostgresOpsMetricsSource | undefined;
let registered: Registry | undefined;

/**
 * The ops gauges, computed from Postgres (and BullMQ) when Prometheus scrapes, never from a process's memory, so api
 * and worker report the same numbers. Registered once per registry; the latest module instance is the source.
 */
export function useOpsMetricsSource(
  next: PostgresOpsMetricsSource | undefined,
  registry: Registry = metricsRegistry,
): void {
  source = next;
  if (next && registered !== registry) {
    registerGauges(registry);
    registered = registry;
  }
}

/** The snapshot, or undefined when it could not be taken: the gauges then keep their last values. */
const current = (): Promise<OpsMetricsSnapshot | undefined> =>
  source ? source.snapshot().catch(() => undefined) : Promise.resolve(undefined);

function registerGauges(registry: Registry): void {
  const byStatus = new Gauge({
    name: 'payouts_by_status',
    help: 'Payouts by status and provider (none: not routed yet), terminal ones included',
    labelNames: ['status', 'provider'],
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (!snapshot) return;
      this.reset();
      for (const row of snapshot.byStatus) this.set({ status: row.status, provider: row.provider }, row.count);
    },
  });
  const stuck = new Gauge({
    name: 'payouts_stuck',
    help: 'Live payouts past their STUCK_AFTER threshold, by status, provider and time in the status',
    labelNames: ['status', 'provider', 'age_bucket'],
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (!snapshot) return;
      this.reset();
      for (const status of IN_FLIGHT_STATUSES) {
        for (const provider of ['none', ...(source?.providers() ?? [])]) {
          for (const [bucket] of AGE_BUCKETS) this.set({ status, provider, age_bucket: bucket }, 0);
        }
      }
      for (const row of snapshot.live) {
        if (row.bucket) this.set({ status: row.status, provider: row.provider, age_bucket: row.bucket }, row.count);
      }
    },
  });
  const oldest = new Gauge({
    name: 'payouts_oldest_non_terminal_age_seconds',
    help: 'Seconds the longest-waiting live payout of each status has been in that status (0 when none)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (!snapshot) return;
      for (const status of IN_FLIGHT_STATUSES) {
        const ages = snapshot.live.filter((row) => row.status === status).map((row) => row.oldestSeconds);
        this.set({ status }, ages.length > 0 ? Math.max(...ages) : 0);
      }
    },
  });
  const flagged = new Gauge({
    name: 'payouts_needs_attention',
    help: 'Payouts flagged needs_attention: a poll schedule ran out, a provider contradicted itself, or similar',
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (snapshot) this.set(snapshot.needsAttention);
    },
  });
  const contradictions = new Gauge({
    name: 'payouts_contradictions',
    help: 'Payouts on which a provider contradicted itself (flagged; never cleared by a later provider answer)',
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (snapshot) this.set(snapshot.contradictions);
    },
  });
  const lateFlips = new Gauge({
    name: 'payouts_late_flips',
    help:
      'Late flips recorded so far, by kind: paid_after_failed (a failed payout reported paid), ' +
      'reversed_after_succeeded (a succeeded payout returned or reported failed), other contradictions',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (snapshot) for (const row of snapshot.lateFlips) this.set({ kind: row.kind }, row.count);
    },
  });
  const queueDepth = new Gauge({
    name: 'queue_depth',
    help: 'BullMQ jobs per queue and state (waiting, active, delayed, prioritized, waiting-children, failed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const queues = (await current())?.queues;
      if (!queues) return;
      for (const row of queues) this.set({ queue: row.queue, state: row.state }, row.count);
    },
  });
  const balance = new Gauge({
    name: 'payout_provider_balance',
    help:
      'Last known sending balance of each provider, in minor units (absent while unknown: unknown is not zero; ' +
      'exact below 2^53)',
    labelNames: ['provider'],
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (!snapshot) return;
      this.reset();
      for (const row of snapshot.balances) this.set({ provider: row.provider }, Number(row.amountMinor));
    },
  });
  const balanceLow = new Gauge({
    name: 'payout_provider_balance_low',
    help: "1 while a provider's last known balance is under its lowBalanceThreshold (PATCH /v1/providers), else 0",
    labelNames: ['provider'],
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (!snapshot) return;
      this.reset();
      for (const row of snapshot.balances) this.set({ provider: row.provider }, row.low ? 1 : 0);
    },
  });
  const discrepancies = new Gauge({
    name: 'payout_reconciliation_discrepancies',
    help:
      "Discrepancies of each provider's last completed reconciliation run (the latest period), by kind: " +
      'missingAtProvider, unknownAtProvider, amountMismatch, statusMismatch',
    labelNames: ['provider', 'kind'],
    registers: [registry],
    async collect() {
      const snapshot = await current();
      if (!snapshot) return;
      this.reset();
      for (const row of snapshot.discrepancies) this.set({ provider: row.provider, kind: row.kind }, row.count);
    },
  });
  void [byStatus, stuck, oldest, flagged, contradictions, lateFlips, queueDepth, balance, balanceLow, discrepancies];
}
