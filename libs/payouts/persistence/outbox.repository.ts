import type { EntityManager } from 'typeorm';
import type { OutboxMessage, OutboxRows } from '../application';

/**
 * Writes rows of the `outbox` table (owned by libs/notifications, whose relay reads it) inside the caller's
 * transaction, through `add_outbox_messages` (migration 1796610000000), the SQL function `create_payout_once` uses
 * too, so the rule is written once: a message for a client's callbacks is kept only while that client has a callback
 * URL and is not revoked, decided in the same statement (no round trip more); the rows keep the order of `messages`.
 * Plain SQL rather than the entity, so payouts does not depend on the notifications module.
 */
export class OutboxRepository implements OutboxRows {
  constructor(private readonly manager: EntityManager) {}

  async add(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.manager.query('SELECT add_outbox_messages($1::jsonb)', [JSON.stringify(messages)]);
  }
}
