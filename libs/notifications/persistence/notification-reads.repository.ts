import type { EntityManager } from 'typeorm';
import type { AttemptLogRecord, DeliveryRecord, NotificationQuery, NotificationReads } from '../application';
import { DELIVER_NOTIFICATION_JOB, NOTIFICATIONS_QUEUE } from '../application';
import { toAttemptLogRecord, toDeliveryRecord, type AttemptRow, type DeliveryRow } from './delivery.rows';

/** The api's side of the delivery log; every statement is limited to the calling client's rows. */
export class NotificationReadsRepository implements NotificationReads {
  constructor(private readonly manager: EntityManager) {}

  async list(query: NotificationQuery): Promise<DeliveryRecord[]> {
    const params: unknown[] = [query.clientId];
    const where = ['client_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.payoutId) add('payout_id = ?', query.payoutId);
    if (query.status) add('status = ?', query.status);
    if (query.before) add('id < ?::uuid', query.before);
    params.push(query.limit);
    const rows: DeliveryRow[] = await this.manager.query(
      `SELECT * FROM notification_deliveries WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toDeliveryRecord);
  }

  async attempts(deliveryIds: readonly string[]): Promise<AttemptLogRecord[]> {
    if (deliveryIds.length === 0) return [];
    const rows: AttemptRow[] = await this.manager.query(
      'SELECT * FROM notification_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, number, id',
      [deliveryIds],
    );
    return rows.map(toAttemptLogRecord);
  }

  async find(deliveryId: string, clientId: string): Promise<DeliveryRecord | undefined> {
    const rows: DeliveryRow[] = await this.manager.query(
      'SELECT * FROM notification_deliveries WHERE id = $1 AND client_id = $2',
      [deliveryId, clientId],
    );
    return rows[0] ? toDeliveryRecord(rows[0]) : undefined;
  }

  redeliver(deliveryId: string, clientId: string, now: Date): Promise<DeliveryRecord | undefined> {
    return this.manager.transaction(async (tx) => {
      const [rows]: [DeliveryRow[], number] = await tx.query(
        `UPDATE notification_deliveries SET status = 'pending', next_attempt_at = $3, retry_until = NULL,
           delivered_at = NULL, updated_at = $3
         WHERE id = $1 AND client_id = $2
         RETURNING *`,
        [deliveryId, clientId, now],
      );
      if (!rows[0]) return undefined;
      // The outbox table belongs to the relay (libs/notifications/outbox); the job is its fast path, the sweep its net.
      await tx.query('INSERT INTO outbox (queue, job_name, payload) VALUES ($1, $2, $3)', [
        NOTIFICATIONS_QUEUE,
        DELIVER_NOTIFICATION_JOB,
        JSON.stringify({ deliveryId }),
      ]);
      return toDeliveryRecord(rows[0]);
    });
  }
}
