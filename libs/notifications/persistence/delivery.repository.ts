import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { toJsonAmount, type MinorUnits } from '@libs/payouts/domain';
import {
  BATCH_COMPLETED_NOTIFICATION_TYPE,
  CLIENT_REVOKED,
  CONTRADICTION_NOTIFICATION_TYPE,
  notificationType,
} from '../domain';
import type {
  DeliveryChange,
  DeliveryRecord,
  DeliveryStore,
  NewDelivery,
  NotificationMessage,
  TryRecord,
} from '../application';
import { toDeliveryRecord, type DeliveryRow } from './delivery.rows';

// The due index (`notification_deliveries_due_idx`, pending rows only) serves the ORDER BY and stops at the LIMIT;
// SKIP LOCKED lets several workers share the sweep, and the lease is written in the same statement.
const CLAIM_DUE_SQL = `
  WITH due AS (
    SELECT id FROM notification_deliveries
    WHERE status = 'pending' AND next_attempt_at <= $1
    ORDER BY next_attempt_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE notification_deliveries d SET next_attempt_at = $3, waiting_for_earlier = false FROM due WHERE d.id = due.id
  RETURNING d.*`;

// An applied change of the same payout with a lower version that this client has not got (delivered or given up).
// A change whose row does not exist yet counts too: its job or the sweep is about to create it.
/**
 * The changes a delivery waits for: the applied events of its payout before its version, and for a contradiction
 * (which shares the version of the change it follows, nothing being applied) that change too. `$v` and `$type` are the
 * delivery's version and type.
 */
const earlierThan = (version: string, type: string): string =>
  `(e.version < ${version} OR (e.version = ${version} AND ${type} = '${CONTRADICTION_NOTIFICATION_TYPE}'))`;

const EARLIER_UNDELIVERED_SQL = `
  SELECT EXISTS (
    SELECT 1 FROM payout_events e
    WHERE e.payout_id = $1 AND e.applied AND ${earlierThan('$3', '$4')}
      AND NOT EXISTS (
        SELECT 1 FROM notification_deliveries d
        WHERE d.event_id = e.id AND d.client_id = $2 AND d.status <> 'pending'
      )
  ) AS waiting`;

/** DeliveryStore on Postgres. */
export class DeliveryRepository implements DeliveryStore {
  constructor(private readonly manager: EntityManager) {}

  async ensure(delivery: NewDelivery): Promise<DeliveryRecord> {
    const inserted: DeliveryRow[] = await this.manager.query(
      `INSERT INTO notification_deliveries (id, client_id, event_id, payout_id, payout_version, event_type, status,
         attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $7)
       ON CONFLICT ON CONSTRAINT notification_deliveries_event_client_unique DO NOTHING
       RETURNING *`,
      [
        uuidv7(),
        delivery.clientId,
        delivery.eventId,
        delivery.payoutId,
        delivery.payoutVersion,
        delivery.eventType,
        delivery.createdAt,
      ],
    );
    if (inserted[0]) return toDeliveryRecord(inserted[0]);
    const existing: DeliveryRow[] = await this.manager.query(
      'SELECT * FROM notification_deliveries WHERE event_id = $1 AND client_id = $2',
      [delivery.eventId, delivery.clientId],
    );
    if (!existing[0]) throw new Error(`delivery of event ${delivery.eventId} vanished after a conflicting insert`);
    return toDeliveryRecord(existing[0]);
  }

  async claim(deliveryId: string, now: Date, leaseUntil: Date): Promise<DeliveryRecord | undefined> {
    const [rows]: [DeliveryRow[], number] = await this.manager.query(
      `UPDATE notification_deliveries SET next_attempt_at = $3, waiting_for_earlier = false
       WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2
       RETURNING *`,
      [deliveryId, now, leaseUntil],
    );
    return rows[0] ? toDeliveryRecord(rows[0]) : undefined;
  }

  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<DeliveryRecord[]> {
    const [rows]: [DeliveryRow[], number] = await this.manager.query(CLAIM_DUE_SQL, [now, limit, leaseUntil]);
    return rows.map(toDeliveryRecord);
  }

  async hasEarlierUndelivered(delivery: DeliveryRecord): Promise<boolean> {
    const [row]: { waiting: boolean }[] = await this.manager.query(EARLIER_UNDELIVERED_SQL, [
      delivery.payoutId,
      delivery.clientId,
      delivery.payoutVersion,
      delivery.eventType,
    ]);
    return row?.waiting === true;
  }

  async release(deliveryId: string, at: Date, leasedUntil: Date | null, now: Date): Promise<void> {
    // The earlier change is looked at again in this statement: if it was settled since the worker looked (its
    // wake-up passed over this row, which was still claimed), the row is due now instead of after the wait.
    await this.manager.query(
      `UPDATE notification_deliveries d
       SET waiting_for_earlier = true,
           next_attempt_at = CASE WHEN EXISTS (
             SELECT 1 FROM payout_events e
             WHERE e.payout_id = d.payout_id AND e.applied AND ${earlierThan('d.payout_version', 'd.event_type')}
               AND NOT EXISTS (
                 SELECT 1 FROM notification_deliveries earlier
                 WHERE earlier.event_id = e.id AND earlier.client_id = d.client_id AND earlier.status <> 'pending'
               )
           ) THEN $2::timestamptz ELSE $4::timestamptz END
       WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at IS NOT DISTINCT FROM $3`,
      [deliveryId, at, leasedUntil, now],
    );
  }

  recordTry(deliveryId: string, attempt: TryRecord, change: DeliveryChange, now: Date): Promise<DeliveryRecord> {
    return this.manager.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO notification_attempts (delivery_id, number, started_at, duration_ms, target, address, outcome,
           http_status, error, response_excerpt)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          deliveryId,
          attempt.number,
          attempt.startedAt,
          attempt.durationMs,
          attempt.target,
          attempt.address,
          attempt.outcome,
          attempt.httpStatus,
          attempt.error,
          attempt.responseExcerpt,
        ],
      );
      const [rows]: [DeliveryRow[], number] = await tx.query(
        `UPDATE notification_deliveries SET status = $2, attempts = attempts + 1, next_attempt_at = $3,
           retry_until = $4, delivered_at = $5, last_attempt_at = $6, last_http_status = $7, last_error = $8,
           updated_at = $9
         WHERE id = $1
         RETURNING *`,
        [
          deliveryId,
          change.status,
          change.nextAttemptAt,
          change.retryUntil,
          change.deliveredAt,
          attempt.startedAt,
          attempt.httpStatus,
          attempt.error,
          now,
        ],
      );
      if (!rows[0]) throw new Error(`delivery ${deliveryId} does not exist`);
      return toDeliveryRecord(rows[0]);
    });
  }

  async wakeFollowers(delivery: DeliveryRecord, now: Date): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await this.manager.query(
      `UPDATE notification_deliveries SET next_attempt_at = $4
       WHERE payout_id = $1 AND client_id = $2 AND status = 'pending' AND attempts = 0
         AND (payout_version > $3 OR (payout_version = $3 AND event_type = '${CONTRADICTION_NOTIFICATION_TYPE}'))
         AND waiting_for_earlier AND next_attempt_at > $4
       RETURNING id`,
      [delivery.payoutId, delivery.clientId, delivery.payoutVersion, now],
    );
    return rows.map((row) => row.id);
  }

  async cancel(deliveryId: string, reason: string, now: Date): Promise<void> {
    await this.manager.query(
      `UPDATE notification_deliveries SET status = 'canceled', next_attempt_at = NULL, last_error = $2, updated_at = $3
       WHERE id = $1 AND status = 'pending'`,
      [deliveryId, reason, now],
    );
  }

  async cancelForRevokedClients(now: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.manager.query(
      `UPDATE notification_deliveries d
       SET status = 'canceled', next_attempt_at = NULL, last_error = '${CLIENT_REVOKED}', updated_at = $1
       FROM clients c
       WHERE c.id = d.client_id AND c.revoked_at IS NOT NULL AND d.status = 'pending'`,
      [now],
    );
    return count;
  }

  async message(delivery: DeliveryRecord): Promise<NotificationMessage | undefined> {
    if (delivery.batchId !== null) return this.batchMessage(delivery.id, delivery.batchId);
    if (delivery.eventId === null) return undefined;
    return this.eventMessage(delivery.eventId);
  }

  /**
   * `batch.completed`: the batch as it closed, with its counts per item status. Built at the first try and kept on the
   * row, so a retry sends the same body even after a succeeded item was returned; the message id is the delivery's.
   */
  private async batchMessage(deliveryId: string, batchId: string): Promise<NotificationMessage | undefined> {
    const kept: { body: NotificationMessage | null }[] = await this.manager.query(
      'SELECT body FROM notification_deliveries WHERE id = $1',
      [deliveryId],
    );
    if (kept[0]?.body) return kept[0].body;
    const batches: {
      id: string;
      status: string;
      reference: string | null;
      item_count: number;
      total_amount: string;
      currency: string;
      approval: Record<string, unknown> | null;
      created_at: Date;
      completed_at: Date | null;
      counts: Record<string, number> | null;
    }[] = await this.manager.query(
      `SELECT b.id, b.status, b.reference, b.item_count, b.total_amount::text AS total_amount, b.currency::text AS currency,
         b.approval, b.created_at, b.completed_at,
         (SELECT jsonb_object_agg(c.status, c.n) FROM (
            SELECT p.status, count(*)::int AS n FROM payouts p WHERE p.batch_id = b.id GROUP BY p.status
          ) c) AS counts
       FROM payout_batches b WHERE b.id = $1`,
      [batchId],
    );
    const batch = batches[0];
    if (!batch) return undefined;
    const completedAt = (batch.completed_at ?? new Date()).toISOString();
    const body: NotificationMessage = {
      id: deliveryId,
      type: BATCH_COMPLETED_NOTIFICATION_TYPE,
      createdAt: completedAt,
      data: {
        id: batch.id,
        status: batch.status,
        reference: batch.reference,
        itemCount: batch.item_count,
        totalAmount: toJsonAmount(BigInt(batch.total_amount) as MinorUnits),
        currency: batch.currency,
        counts: batch.counts ?? {},
        ...(batch.approval ? { approval: batch.approval } : {}),
        createdAt: batch.created_at.toISOString(),
        completedAt,
      },
    };
    const [rows]: [{ body: NotificationMessage }[], number] = await this.manager.query(
      'UPDATE notification_deliveries SET body = COALESCE(body, $2::jsonb) WHERE id = $1 RETURNING body',
      [deliveryId, JSON.stringify(body)],
    );
    return rows[0]?.body ?? body;
  }

  private async eventMessage(eventId: string): Promise<NotificationMessage | undefined> {
    const rows: {
      id: string;
      to_status: string;
      applied: boolean;
      created_at: Date;
      snapshot: Record<string, unknown> | null;
    }[] = await this.manager.query(
      `SELECT id, to_status, applied, created_at, snapshot FROM payout_events
       WHERE id = $1 AND (applied OR flags_contradiction)`,
      [eventId],
    );
    const row = rows[0];
    if (!row?.snapshot) return undefined;
    return { id: row.id, type: notificationType(row), createdAt: row.created_at.toISOString(), data: row.snapshot };
  }
}
