import { PAYOUT_STATUSES, type PayoutStatus } from '@libs/payouts/domain';
import type { OpsConsoleStore, ProviderOutcome } from './ops-console.port';

const HOUR_MS = 3_600_000;
export const CHART_HOURS = 24;

export interface HourBucket {
  /** The hour's start, UTC. */
  hour: Date;
  counts: Record<PayoutStatus, number>;
}

export interface ProviderFigures extends ProviderOutcome {
  /** succeeded / final, 0..1; null when nothing is final yet. */
  successRate: number | null;
}

export interface OpsCharts {
  from: Date;
  to: Date;
  /** CHART_HOURS buckets, oldest first, the current (partial) hour last; hours without payouts are zeros. */
  hours: HourBucket[];
  providers: ProviderFigures[];
}

const zeros = (): Record<PayoutStatus, number> =>
  Object.fromEntries(PAYOUT_STATUSES.map((status) => [status, 0])) as Record<PayoutStatus, number>;

/** The last 24 hours for the console's charts: payouts by status per creation hour, and per provider outcomes. */
export class ReadOpsCharts {
  constructor(private readonly store: OpsConsoleStore) {}

  async execute(now: Date): Promise<OpsCharts> {
    const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
    const from = new Date(to.getTime() - CHART_HOURS * HOUR_MS);
    const [counts, outcomes] = await Promise.all([
      this.store.hourlyStatusCounts(from, to),
      this.store.providerOutcomes(from, to),
    ]);
    return { from, to, hours: hourBuckets(from, counts), providers: outcomes.map(withSuccessRate) };
  }
}

export function hourBuckets(from: Date, counts: readonly { hour: Date; status: PayoutStatus; count: number }[]) {
  const hours: HourBucket[] = Array.from({ length: CHART_HOURS }, (_, i) => ({
    hour: new Date(from.getTime() + i * HOUR_MS),
    counts: zeros(),
  }));
  for (const { hour, status, count } of counts) {
    const index = Math.floor((hour.getTime() - from.getTime()) / HOUR_MS);
    if (index >= 0 && index < CHART_HOURS) hours[index].counts[status] += count;
  }
  return hours;
}

const withSuccessRate = (outcome: ProviderOutcome): ProviderFigures => ({
  ...outcome,
  successRate: outcome.final === 0 ? null : outcome.succeeded / outcome.final,
});
