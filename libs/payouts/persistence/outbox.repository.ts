import type { EntityManager } from 'typeorm';
import type { OutboxMessage, OutboxRows } from '../application';

/**
 * Writes rows of the `outbox` table (owned by libs/notifications, whose relay reads it) inside the caller's
 * transaction. Plain SQL rather than the entity, so payouts does not depend on the notifications module.
 */
export class OutboxRepository implements OutboxRows {
  constructor(private readonly manager: EntityManager) {}

  async add(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.manager.query(
      `INSERT INTO outbox (queue, job_name, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])`,
      [messages.map((m) => m.queue), messages.map((m) => m.jobName), messages.map((m) => JSON.stringify(m.payload))],
    );
  }
}
