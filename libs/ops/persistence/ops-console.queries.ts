import type { EntityManager } from 'typeorm';
import type { PayoutEventRecord, PayoutRecord } from '@libs/payouts/application';
import { SETTLED_STATUSES, type PayoutStatus } from '@libs/payouts/domain';
import {
  openRawAnswer,
  PAYOUT_COLUMNS,
  sqlStatusList,
  toAttemptRecord,
  toPayoutEventRecord,
  toPayoutRecord,
  type AttemptRow,
  type PayoutEventRow,
  type PayoutRow,
  type PiiCipher,
} from '@libs/payouts';
import type {
  HourlyStatusCount,
  OpsBalances,
  OpsAttemptRow,
  OpsConsoleStore,
  OpsPayoutRow,
  PayoutSearch,
  ProviderOutcome,
} from '../application';
import { OPS_PAYOUT_SELECT, toOpsPayoutRow, type OpsPayoutDbRow } from './ops-payout.rows';

/** A provider's outcome: the settled statuses but `canceled`, our own decision before any provider had the payout. */
const PROVIDER_OUTCOME_IN = `status IN (${sqlStatusList([...SETTLED_STATUSES].filter((status) => status !== 'canceled'))})`;

/**
 * The console's reads over Postgres. Each search branch is one index lookup: the id (primary key), the reference
 * (per client: payouts_client_reference_idx, over the few clients), the provider reference (per provider:
 * payout_attempts_provider_id_idx, over the known providers) and the IBAN last four (payouts_iban_last4_created_idx).
 */
export class OpsConsoleQueries implements OpsConsoleStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
    private readonly providers: readonly string[],
  ) {}

  async searchPayouts(search: PayoutSearch): Promise<PayoutRecord[]> {
    const params: unknown[] = [search.text, [...this.providers], search.limit];
    const branches = [
      'SELECT p.id FROM clients c JOIN payouts p ON p.client_id = c.id AND p.reference = $1',
      'SELECT a.payout_id FROM payout_attempts a WHERE a.provider = ANY($2::text[]) AND a.provider_id = $1',
    ];
    if (search.payoutId) {
      params.push(search.payoutId);
      branches.push(`SELECT $${params.length}::uuid`);
    }
    if (search.ibanLast4) {
      params.push(search.ibanLast4);
      branches.push(`SELECT p.id FROM payouts p WHERE p.iban_last4 = $${params.length}`);
    }
    let after = '';
    if (search.after) {
      params.push(search.after.createdAt, search.after.id);
      after = `WHERE (p.created_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows: PayoutRow[] = await this.manager.query(
      `WITH hits AS (${branches.join(' UNION ')})
       SELECT ${PAYOUT_COLUMNS} FROM payouts p JOIN hits h ON h.id = p.id ${after}
       ORDER BY p.created_at DESC, p.id DESC LIMIT $3`,
      params,
    );
    return rows.map(toPayoutRecord);
  }

  async findPayout(payoutId: string): Promise<OpsPayoutRow | undefined> {
    const rows: OpsPayoutDbRow[] = await this.manager.query(`${OPS_PAYOUT_SELECT} WHERE p.id = $1`, [payoutId]);
    return rows[0] && toOpsPayoutRow(rows[0], this.cipher);
  }

  async listAttempts(payoutId: string, afterId: string | undefined, limit: number): Promise<OpsAttemptRow[]> {
    // Keyset on (created_at, id), the attempt's own position read by its id: an id not of this payout pages nothing.
    const rows: AttemptRow[] = await this.manager.query(
      `SELECT * FROM payout_attempts a
       WHERE a.payout_id = $1
         AND ($2::uuid IS NULL OR (a.created_at, a.id) >
              (SELECT p.created_at, p.id FROM payout_attempts p WHERE p.id = $2::uuid AND p.payout_id = $1))
       ORDER BY a.created_at, a.id LIMIT $3`,
      [payoutId, afterId ?? null, limit],
    );
    // The bodies are opened for the view, which masks them; they are never sent on unmasked.
    return rows.map((row) => ({
      attempt: toAttemptRecord(row),
      lastRawAnswer: openRawAnswer(this.cipher, row.last_raw_answer),
    }));
  }

  async listEvents(payoutId: string, afterId: string | undefined, limit: number): Promise<PayoutEventRecord[]> {
    const rows: PayoutEventRow[] = await this.manager.query(
      // As the API's event list: the actor is a client id as text; a name is joined where it is one. An ops event
      // written without an actor (a refresh's lookup) names its client in its source, `ops:<client id>`.
      `SELECT e.*, c.name AS actor_name FROM payout_events e
       LEFT JOIN clients c
         ON c.id::text = coalesce(e.actor, CASE WHEN e.source LIKE 'ops:%' THEN substr(e.source, 5) END)
       WHERE e.payout_id = $1 AND e.id > $2::bigint ORDER BY e.id LIMIT $3`,
      [payoutId, afterId ?? '0', limit],
    );
    return rows.map(toPayoutEventRecord);
  }

  async hourlyStatusCounts(from: Date, to: Date): Promise<HourlyStatusCount[]> {
    const rows: { hour: Date; status: PayoutStatus; count: number }[] = await this.manager.query(
      `SELECT date_trunc('hour', created_at) AS hour, status, count(*)::int AS count
       FROM payouts WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2`,
      [from, to],
    );
    return rows;
  }

  async providerOutcomes(from: Date, to: Date): Promise<ProviderOutcome[]> {
    const rows: {
      provider: string;
      final: number;
      succeeded: number;
      p50_ms: number | null;
      p99_ms: number | null;
    }[] = await this.manager.query(
      `SELECT provider,
         count(*) FILTER (WHERE ${PROVIDER_OUTCOME_IN})::int AS final,
         count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000)
           FILTER (WHERE ${PROVIDER_OUTCOME_IN}) AS p50_ms,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000)
           FILTER (WHERE ${PROVIDER_OUTCOME_IN}) AS p99_ms
       FROM payouts WHERE created_at >= $1 AND created_at < $2 AND provider IS NOT NULL
       GROUP BY provider ORDER BY provider`,
      [from, to],
    );
    return rows.map((row) => ({
      provider: row.provider,
      final: row.final,
      succeeded: row.succeeded,
      p50Ms: row.p50_ms === null ? null : Math.round(Number(row.p50_ms)),
      p99Ms: row.p99_ms === null ? null : Math.round(Number(row.p99_ms)),
    }));
  }

  async providerBalances(): Promise<OpsBalances> {
    const [rows, heldRows] = await Promise.all([
      this.manager.query(
        `SELECT n.provider, b.amount::text AS amount, b.currency, b.as_of, b.source,
           b.unreadable_at, b.unreadable_reason, s.low_balance_threshold::text AS threshold
         FROM unnest($1::text[]) AS n(provider)
         LEFT JOIN provider_balances b ON b.provider = n.provider
         LEFT JOIN provider_settings s ON s.provider = n.provider
         ORDER BY n.provider`,
        [[...this.providers]],
      ) as Promise<
        {
          provider: string;
          amount: string | null;
          currency: string | null;
          as_of: Date | null;
          source: 'submission' | 'read' | null;
          unreadable_at: Date | null;
          unreadable_reason: string | null;
          threshold: string | null;
        }[]
      >,
      this.manager.query(
        `SELECT count(*)::int AS held, min(hold_since) AS oldest FROM payouts
         WHERE status = 'pending' AND hold_reason = 'insufficient_provider_balance'`,
      ) as Promise<{ held: number; oldest: Date | null }[]>,
    ]);
    return {
      providers: rows.map((row) => {
        const threshold = row.threshold === null ? null : BigInt(row.threshold);
        const balance =
          row.amount !== null && row.currency !== null && row.as_of !== null && row.source !== null
            ? { amount: BigInt(row.amount), currency: row.currency, asOf: row.as_of, source: row.source }
            : null;
        return {
          provider: row.provider,
          balance,
          lowBalanceThreshold: threshold,
          low: balance !== null && threshold !== null && balance.amount < threshold,
          unreadable:
            row.unreadable_at === null ? null : { at: row.unreadable_at, reason: row.unreadable_reason ?? '' },
        };
      }),
      held: heldRows[0]?.held ?? 0,
      oldestHeldSince: heldRows[0]?.oldest ?? null,
    };
  }
}
