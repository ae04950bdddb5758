import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { isScope } from '../domain/scopes';
import type { ClientRecord, ClientStore, NewClient } from '../application/client-store.port';

interface ClientRow {
  id: string;
  name: string;
  scopes: string[];
  callback_url: string | null;
  webhook_secret_encrypted: string | null;
  revoked_at: Date | null;
  created_at: Date;
}

const toRecord = (row: ClientRow): ClientRecord => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes.filter(isScope),
  callbackUrl: row.callback_url,
  hasWebhookSecret: row.webhook_secret_encrypted !== null,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

export class ClientRepository implements ClientStore {
  constructor(private readonly manager: EntityManager) {}

  async insert(client: NewClient): Promise<ClientRecord> {
    const rows: ClientRow[] = await this.manager.query(
      `INSERT INTO clients (id, name, key_hash, scopes, callback_url, webhook_secret_encrypted, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING *`,
      [
        uuidv7(),
        client.name,
        client.keyHash,
        client.scopes,
        client.callbackUrl,
        client.webhookSecretSealed,
        client.createdAt,
      ],
    );
    return toRecord(rows[0]);
  }

  /** The client a key belongs to, unless that client is revoked. */
  async findActiveByKeyHash(keyHash: string): Promise<ClientRecord | undefined> {
    const rows: ClientRow[] = await this.manager.query(
      'SELECT * FROM clients WHERE key_hash = $1 AND revoked_at IS NULL',
      [keyHash],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async find(id: string): Promise<ClientRecord | undefined> {
    const rows: ClientRow[] = await this.manager.query('SELECT * FROM clients WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(): Promise<ClientRecord[]> {
    const rows: ClientRow[] = await this.manager.query('SELECT * FROM clients ORDER BY created_at, id');
    return rows.map(toRecord);
  }

  /** Sets revoked_at once; revoking again keeps the first time. False when no such client exists. */
  async revoke(id: string, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.manager.query(
      'UPDATE clients SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id',
      [id, now],
    );
    return rows.length === 1;
  }

  /** The sealed Standard Webhooks secret, for the notification sender to open. */
  async findSealedWebhookSecret(id: string): Promise<string | undefined> {
    const rows: { webhook_secret_encrypted: string | null }[] = await this.manager.query(
      'SELECT webhook_secret_encrypted FROM clients WHERE id = $1',
      [id],
    );
    return rows[0]?.webhook_secret_encrypted ?? undefined;
  }
}
