import type { EntityManager } from 'typeorm';
import { IN_FLIGHT_STATUSES, type InFlightStatus } from '@libs/payouts/domain';
import { DISCREPANCY_KINDS, type DiscrepancyKind } from '@libs/reconciliation/domain';
import type { LateFlipKind } from '../application';
import { LateFlipQueries } from './late-flips.queries';
import { LIVE_IN, STUCK_SINCE_LATERAL, stuckThresholdCase } from './ops-payout.rows';

/** Age buckets of the stuck gauge, by time in the current status (upper bounds in seconds, exclusive). */
export const AGE_BUCKETS = [
  ['0-15m', 900],
  ['15m-1h', 3_600],
  ['1h-6h', 21_600],
  ['6h-24h', 86_400],
  ['24h+', null],
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number][0];

export interface LiveAgeRow {
  status: InFlightStatus;
  provider: string;
  /** Null for live payouts that are not stuck (yet). */
  bucket: AgeBucket | null;
  count: number;
  oldestSeconds: number;
}

export interface StatusProviderCount {
  status: string;
  provider: string;
  count: number;
}

// One threshold per live status, as milliseconds in parameters $2..$7 (in IN_FLIGHT_STATUSES order).
const THRESHOLD_CASE = stuckThresholdCase(2);
const BUCKET_CASE = `CASE ${AGE_BUCKETS.filter(([, upper]) => upper !== null)
  .map(([name, upper]) => `WHEN age_s < ${upper} THEN '${name}'`)
  .join(' ')} ELSE '24h+' END`;

/** The aggregates behind the ops gauges: one statement each, run at most every few seconds (on scrape). */
export class OpsMetricsQueries {
  constructor(private readonly manager: EntityManager) {}

  /** Every payout, terminal ones included, by status and provider (`none` before routing chose one). */
  byStatus(): Promise<StatusProviderCount[]> {
    return this.manager.query(
      `SELECT status, coalesce(provider, 'none') AS provider, count(*)::int AS count
       FROM payouts GROUP BY status, provider`,
    );
  }

  /** Live payouts by status, provider and (when stuck) age bucket, with the oldest age of each group. */
  async liveAges(now: Date, thresholdsMs: Readonly<Record<InFlightStatus, number>>): Promise<LiveAgeRow[]> {
    const rows: {
      status: InFlightStatus;
      provider: string;
      bucket: AgeBucket | null;
      count: number;
      oldest: number;
    }[] = await this.manager.query(
      `SELECT status, provider, CASE WHEN stuck THEN ${BUCKET_CASE} END AS bucket,
           count(*)::int AS count, max(age_s)::float8 AS oldest
         FROM (
           SELECT p.status, coalesce(p.provider, 'none') AS provider,
             extract(epoch FROM $1::timestamptz - s.since) AS age_s,
             s.since <= $1::timestamptz - ${THRESHOLD_CASE} * interval '1 millisecond' AS stuck
           FROM payouts p
           ${STUCK_SINCE_LATERAL}
           WHERE ${LIVE_IN}
         ) live
         GROUP BY 1, 2, 3`,
      [now, ...IN_FLIGHT_STATUSES.map((status) => thresholdsMs[status])],
    );
    return rows.map((row) => ({
      status: row.status,
      provider: row.provider,
      bucket: row.bucket,
      count: row.count,
      oldestSeconds: Math.max(0, row.oldest),
    }));
  }

  /** Late flips recorded so far, by kind (GET /v1/ops/contradictions lists them). */
  lateFlips(): Promise<{ kind: LateFlipKind; count: number }[]> {
    return new LateFlipQueries(this.manager).countByKind();
  }

  /** Payouts flagged for ops, and those flagged because a provider contradicted itself. */
  async flags(): Promise<{ needsAttention: number; contradictions: number }> {
    const [row]: { needs_attention: number; contradictions: number }[] = await this.manager.query(
      `SELECT count(*) FILTER (WHERE needs_attention)::int AS needs_attention,
         count(*) FILTER (WHERE contradiction)::int AS contradictions
       FROM payouts WHERE needs_attention OR contradiction`,
    );
    return { needsAttention: row?.needs_attention ?? 0, contradictions: row?.contradictions ?? 0 };
  }

  /**
   * The discrepancies of each provider's last completed reconciliation run, by kind (every kind, zero included): the
   * run of the latest period (a later finish breaks a tie), so re-running an older day by hand does not hide today's.
   */
  async reconciliationDiscrepancies(): Promise<ReconciliationDiscrepancyRow[]> {
    const rows: Record<string, string | number>[] = await this.manager.query(
      `SELECT DISTINCT ON (provider) provider, ${DISCREPANCY_KINDS.map(
        (kind) => `${DISCREPANCY_COLUMNS[kind]} AS "${kind}"`,
      ).join(', ')}
       FROM reconciliation_runs WHERE status = 'completed'
       ORDER BY provider, to_at DESC, finished_at DESC NULLS LAST`,
    );
    return rows.flatMap((row) =>
      DISCREPANCY_KINDS.map((kind) => ({ provider: String(row.provider), kind, count: Number(row[kind]) })),
    );
  }

  /** Every provider's last known balance, and whether it is under the admin's low-balance threshold. */
  async balances(): Promise<ProviderBalanceGaugeRow[]> {
    const rows: { provider: string; amount: string; low: boolean }[] = await this.manager.query(
      `SELECT b.provider, b.amount::text AS amount,
         coalesce(b.amount < s.low_balance_threshold, false) AS low
       FROM provider_balances b LEFT JOIN provider_settings s ON s.provider = b.provider
       WHERE b.amount IS NOT NULL`,
    );
    return rows.map((row) => ({ provider: row.provider, amountMinor: BigInt(row.amount), low: row.low }));
  }
}

export interface ReconciliationDiscrepancyRow {
  provider: string;
  kind: DiscrepancyKind;
  count: number;
}

/** The count column of each discrepancy kind on `reconciliation_runs`. */
const DISCREPANCY_COLUMNS: Readonly<Record<DiscrepancyKind, string>> = {
  missingAtProvider: 'missing_at_provider',
  unknownAtProvider: 'unknown_at_provider',
  amountMismatch: 'amount_mismatch',
  statusMismatch: 'status_mismatch',
};

export interface ProviderBalanceGaugeRow {
  provider: string;
  amountMinor: bigint;
  low: boolean;
}
