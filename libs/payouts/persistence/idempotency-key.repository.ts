import type { EntityManager } from 'typeorm';
import type { IdempotencyKeyRows, StoredResponse } from '../application';

/** idempotency_keys plus the advisory lock that makes a concurrent duplicate answer 409 instead of waiting. */
export class IdempotencyKeyRepository implements IdempotencyKeyRows {
  constructor(private readonly manager: EntityManager) {}

  /**
   * `pg_try_advisory_xact_lock` on a 64-bit hash of (client, key): never waits, and is released when the transaction
   * ends, after its rows are visible, so the next request with the key finds the stored answer. Two different keys
   * sharing a hash would only see a spurious 409 (odds about 2^-64).
   */
  async tryLock(clientId: string, key: string): Promise<boolean> {
    const rows: { locked: boolean }[] = await this.manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0)) AS locked`,
      [clientId, key],
    );
    return rows[0]?.locked === true;
  }

  async find(clientId: string, key: string): Promise<StoredResponse | undefined> {
    const rows: {
      request_hash: string;
      response_status: number;
      response_body: Record<string, unknown>;
      payout_id: string;
    }[] = await this.manager.query(
      `SELECT request_hash, response_status, response_body, payout_id FROM idempotency_keys
         WHERE client_id = $1 AND key = $2`,
      [clientId, key],
    );
    const row = rows[0];
    return row
      ? { requestHash: row.request_hash, status: row.response_status, body: row.response_body, payoutId: row.payout_id }
      : undefined;
  }

  async save(clientId: string, key: string, response: StoredResponse, now: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, payout_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [clientId, key, response.requestHash, response.status, JSON.stringify(response.body), response.payoutId, now],
    );
  }
}
