import type { EntityManager } from 'typeorm';
import { IN_FLIGHT_STATUSES, type InFlightStatus, type PayoutStatus } from '@libs/payouts/domain';
import type { PiiCipher } from '@libs/payouts';
import type { OpsPayoutRow, OpsReadStore, OrphanWebhookRow, StuckQuery, SummaryCounts } from '../application';
import {
  LIVE_IN,
  OPS_PAYOUT_SELECT,
  STUCK_SINCE_LATERAL,
  stuckThresholdCase,
  toOpsPayoutRow,
  type OpsPayoutDbRow,
} from './ops-payout.rows';

// One threshold per live status, as milliseconds in parameters $3..$8 (in IN_FLIGHT_STATUSES order).
const THRESHOLD_CASE = stuckThresholdCase(3);

/** The ops read model over Postgres: one statement per question, nothing written. */
export class OpsQueries implements OpsReadStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async listStuck(query: StuckQuery): Promise<OpsPayoutRow[]> {
    const params: unknown[] = [
      query.now,
      query.limit,
      ...IN_FLIGHT_STATUSES.map((status) => query.thresholdsMs[status]),
    ];
    const where = [LIVE_IN, `s.since <= $1::timestamptz - ${THRESHOLD_CASE} * interval '1 millisecond'`];
    if (query.status) {
      params.push(query.status);
      where.push(`p.status = $${params.length}`);
    }
    if (query.provider) {
      params.push(query.provider);
      where.push(`p.provider = $${params.length}`);
    }
    if (query.after) {
      params.push(query.after.at, query.after.id);
      where.push(`(s.since, p.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: OpsPayoutDbRow[] = await this.manager.query(
      `${OPS_PAYOUT_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.since, p.id LIMIT $2`,
      params,
    );
    return rows.map((row) => toOpsPayoutRow(row, this.cipher));
  }

  async listNeedsAttention(limit: number, after?: { at: Date; id: string }): Promise<OpsPayoutRow[]> {
    const rows: OpsPayoutDbRow[] = await this.manager.query(
      `${OPS_PAYOUT_SELECT} WHERE p.needs_attention
         AND ($2::timestamptz IS NULL OR (p.updated_at, p.id) > ($2::timestamptz, $3::uuid))
       ORDER BY p.updated_at, p.id LIMIT $1`,
      [limit, after?.at ?? null, after?.id ?? null],
    );
    return rows.map((row) => toOpsPayoutRow(row, this.cipher));
  }

  async summary(): Promise<SummaryCounts> {
    const [counts, oldest, flags, orphans] = await Promise.all([
      this.manager.query(
        'SELECT status, provider, count(*)::int AS count FROM payouts GROUP BY status, provider',
      ) as Promise<{ status: PayoutStatus; provider: string | null; count: number }[]>,
      this.manager.query(
        `SELECT p.status, min(s.since) AS since FROM payouts p
         ${STUCK_SINCE_LATERAL}
         WHERE ${LIVE_IN} GROUP BY p.status`,
      ) as Promise<{ status: InFlightStatus; since: Date }[]>,
      this.manager.query(
        `SELECT count(*) FILTER (WHERE needs_attention)::int AS needs_attention,
           count(*) FILTER (WHERE contradiction)::int AS contradictions
         FROM payouts WHERE needs_attention OR contradiction`,
      ) as Promise<{ needs_attention: number; contradictions: number }[]>,
      this.manager.query("SELECT count(*)::int AS count FROM webhook_inbox WHERE status = 'orphan'") as Promise<
        { count: number }[]
      >,
    ]);
    return {
      byStatusAndProvider: counts,
      oldestSince: oldest,
      needsAttention: flags[0]?.needs_attention ?? 0,
      contradictions: flags[0]?.contradictions ?? 0,
      orphanWebhooks: orphans[0]?.count ?? 0,
    };
  }

  async listOrphanWebhooks(limit: number, after?: { at: Date; id: string }): Promise<OrphanWebhookRow[]> {
    const rows: {
      id: string;
      provider: string;
      received_at: Date;
      reference: string | null;
      provider_id: string | null;
      signal_status: string | null;
      attempts: number;
      next_attempt_at: Date | null;
      last_error: string | null;
    }[] = await this.manager.query(
      `SELECT id, provider, received_at, reference, provider_id, signal_status, attempts, next_attempt_at, last_error
       FROM webhook_inbox WHERE status = 'orphan'
         AND ($2::timestamptz IS NULL OR (received_at, id) > ($2::timestamptz, $3::bigint))
       ORDER BY received_at, id LIMIT $1`,
      [limit, after?.at ?? null, after?.id ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      provider: row.provider,
      receivedAt: row.received_at,
      reference: row.reference,
      providerId: row.provider_id,
      signalStatus: row.signal_status,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
    }));
  }
}
