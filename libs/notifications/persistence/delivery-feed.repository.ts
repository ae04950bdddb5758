import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { DeliveryFeed } from '../application';
import { notificationType } from '../domain';

/** Advisory lock namespace of feed cursors ('ntfy'); one client is fed by one worker at a time. */
const FEED_LOCK_NAMESPACE = 0x6e746679;

interface FeedRow {
  id: string;
  payout_id: string;
  version: number;
  to_status: string;
  tx_id: string;
  applied: boolean;
}

/**
 * Reads a client's applied changes the way the events feed does (payout-event.repository.ts): by (tx_id, id), and only
 * rows whose transaction is older than every one still running, so a change that commits late sorts after the
 * cursor instead of being skipped. An advisory lock rather than a row lock keeps this transaction without an id
 * until its short final writes, so it never holds the feed back for everyone else.
 */
export class DeliveryFeedRepository implements DeliveryFeed {
  constructor(private readonly manager: EntityManager) {}

  async clientsWithCallbacks(): Promise<string[]> {
    const rows: { id: string }[] = await this.manager.query(
      // A revoked client gets no new deliveries; its cursor stays where the revocation found it.
      'SELECT id FROM clients WHERE callback_url IS NOT NULL AND revoked_at IS NULL ORDER BY id',
    );
    return rows.map((row) => row.id);
  }

  feed(clientId: string, limit: number, now: Date): Promise<string[]> {
    return this.manager.transaction(async (tx) => {
      const [lock]: { locked: boolean }[] = await tx.query(
        'SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked',
        [FEED_LOCK_NAMESPACE, clientId],
      );
      if (!lock?.locked) return [];
      const [cursor]: { tx_id: string; event_id: string }[] = await tx.query(
        'SELECT tx_id::text, event_id::text FROM notification_cursors WHERE client_id = $1',
        [clientId],
      );
      const events: FeedRow[] = await tx.query(
        `SELECT id, payout_id, version, to_status, tx_id::text AS tx_id, applied FROM payout_events
         WHERE client_id = $1 AND (applied OR flags_contradiction)
           AND (tx_id, id) > ($2::bigint, $3::bigint)
           AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
         ORDER BY tx_id, id
         LIMIT $4`,
        [clientId, cursor?.tx_id ?? '0', cursor?.event_id ?? '0', limit],
      );
      const last = events[events.length - 1];
      if (!last) return [];
      const created: { id: string }[] = await tx.query(
        `INSERT INTO notification_deliveries (id, client_id, event_id, payout_id, payout_version, event_type, status,
           attempts, next_attempt_at, created_at, updated_at)
         SELECT id, $2, event_id, payout_id, payout_version, event_type, 'pending', 0, $3, $3, $3
         FROM unnest($1::uuid[], $4::bigint[], $5::uuid[], $6::int[], $7::text[])
           AS t(id, event_id, payout_id, payout_version, event_type)
         ON CONFLICT ON CONSTRAINT notification_deliveries_event_client_unique DO NOTHING
         RETURNING id`,
        [
          events.map(() => uuidv7()),
          clientId,
          now,
          events.map((event) => event.id),
          events.map((event) => event.payout_id),
          events.map((event) => event.version),
          events.map(notificationType),
        ],
      );
      await tx.query(
        `INSERT INTO notification_cursors (client_id, tx_id, event_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (client_id) DO UPDATE SET tx_id = $2, event_id = $3, updated_at = $4`,
        [clientId, last.tx_id, last.id, now],
      );
      return created.map((row) => row.id);
    });
  }
}
