import type { EntityManager } from 'typeorm';
import type { FeedEntry, FeedPosition, NewPayoutEvent, PayoutEventLog, PayoutEventRecord } from '../application';
import { jsonb, payoutEventValues, toPayoutEventRecord, type PayoutEventRow } from './payout.rows';

/**
 * payout_events: insert and select only (a trigger refuses UPDATE and DELETE).
 *
 * The feed cannot page by `id`: ids come from a sequence when a row is inserted, not when its transaction commits,
 * so event 11 can be visible while event 10 is still uncommitted; a reader who moved past 11 would never see 10.
 * Each row therefore records its transaction id (`pg_current_xact_id()`, 64-bit), and the feed hands out only rows
 * whose transaction is older than the oldest one still running (`pg_snapshot_xmin` of the reading statement): those
 * are all settled, and any row that becomes visible later belongs to a younger transaction, so it sorts after
 * everything already handed out. Ordering by (tx_id, id) follows transaction start rather than commit, which is as
 * good for a client: the order is stable and nothing is skipped. The cost is that an event waits until every older
 * transaction ends; ours last milliseconds.
 */
export class PayoutEventRepository implements PayoutEventLog {
  constructor(private readonly manager: EntityManager) {}

  async append(event: NewPayoutEvent): Promise<PayoutEventRecord> {
    const rows: PayoutEventRow[] = await this.manager.query(
      `INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence,
         applied, reason, detail, tx_id, snapshot, created_at, flags_contradiction)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, pg_current_xact_id()::text::bigint, $12::json, $13, $14)
       RETURNING *`,
      [
        event.payoutId,
        ...payoutEventValues(event, jsonb(event.snapshot)),
        event.createdAt,
        event.flagsContradiction ?? false,
      ],
    );
    return toPayoutEventRecord(rows[0]);
  }

  async listForPayout(payoutId: string): Promise<PayoutEventRecord[]> {
    const rows: PayoutEventRow[] = await this.manager.query(
      // The actor is stored as a client id (text); its name is what people read. A text compare, not a cast, so an
      // actor that is not a client id (an operator at the CLI) joins nothing instead of failing.
      `SELECT e.*, c.name AS actor_name FROM payout_events e LEFT JOIN clients c ON c.id::text = e.actor
       WHERE e.payout_id = $1 ORDER BY e.id`,
      [payoutId],
    );
    return rows.map(toPayoutEventRecord);
  }

  async readFeed(clientId: string, after: FeedPosition | undefined, limit: number): Promise<FeedEntry[]> {
    const rows: PayoutEventRow[] = await this.manager.query(
      `SELECT * FROM payout_events
       WHERE client_id = $1 AND applied
         AND (tx_id, id) > ($2::bigint, $3::bigint)
         AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
       ORDER BY tx_id, id
       LIMIT $4`,
      [clientId, after?.txId ?? '0', after?.id ?? '0', limit],
    );
    return rows.map((row) => ({ position: { txId: row.tx_id, id: row.id }, event: toPayoutEventRecord(row) }));
  }
}
