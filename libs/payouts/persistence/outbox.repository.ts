import type { EntityManager } from 'typeorm';
import type { OutboxMessage, OutboxRows } from '../application';

/**
 * Writes rows of the `outbox` table (owned by libs/notifications, whose relay reads it) inside the caller's
 * transaction. Plain SQL rather than the entity, so payouts does not depend on the notifications module. A message
 * for a client's callbacks is kept only while that client has a callback URL and is not revoked, decided in the same
 * statement (no round trip more); the rows keep the order of `messages`.
 */
export class OutboxRepository implements OutboxRows {
  constructor(private readonly manager: EntityManager) {}

  async add(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.manager.query(
      `INSERT INTO outbox (queue, job_name, payload)
       SELECT m.queue, m.job_name, m.payload
       FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::uuid[]) WITH ORDINALITY AS m(queue, job_name, payload, client_id, n)
       WHERE m.client_id IS NULL
          OR EXISTS (SELECT 1 FROM clients c
                     WHERE c.id = m.client_id AND c.callback_url IS NOT NULL AND c.revoked_at IS NULL)
       ORDER BY m.n`,
      [
        messages.map((m) => m.queue),
        messages.map((m) => m.jobName),
        messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => m.forCallbackClient ?? null),
      ],
    );
  }
}
