import { pgPoolOf } from '@libs/platform/database';
import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import {
  newPayoutRecord,
  newPayoutValues,
  policyFromJson,
  statusChangedMessage,
  toPayoutView,
  type ApprovalPolicyJson,
  type PiiCipher,
} from '@libs/payouts';
import { emptyApprovalPolicy } from '@libs/payouts/domain';
import type { BatchIntake, BatchIntakeOutcome, BatchIntakeRequest, StoredAnswer } from '../application';

const TRY_LOCK = `SELECT pg_try_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0)) AS locked`;
const FIND_STORED = `SELECT request_hash, response_status, response_body FROM idempotency_keys
  WHERE client_id = $1 AND key = $2`;

const INSERT_BATCH = `INSERT INTO payout_batches (id, client_id, status, reference, description, metadata, item_count,
    total_amount, currency, approval, created_at, updated_at, completed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $10, $10, NULL)`;

/** The current approval policy (the newest version; none: version 0, no rules), as create_payout_once reads it. */
const CURRENT_POLICY = `SELECT ap.version, ap.rules FROM approval_policies ap ORDER BY ap.version DESC LIMIT 1`;

/**
 * Every item in one statement: one array per column, unnested together (a 10,000-item batch is one INSERT, not
 * 10,000). The values are newPayoutValues' (the sealed IBAN and national id included), as for a single payout.
 */
const INSERT_ITEMS = `INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name,
    iban_encrypted, iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata,
    requested_provider, next_check_at, created_at, updated_at, scheduled_for, batch_id, item_reference, approval)
  SELECT u.id, $1, u.status, 1, u.amount, u.currency, u.beneficiary_name, u.iban_encrypted, u.iban_last4, u.bank_code,
    u.national_id_encrypted, u.customer, u.reference, u.description, u.metadata, u.requested_provider, u.next_check_at,
    $2, $2, u.scheduled_for, $3, u.item_reference, $21::jsonb
  FROM unnest($4::uuid[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
    $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::jsonb[], $17::text[], $18::timestamptz[],
    $19::timestamptz[], $20::text[])
    AS u(id, status, amount, currency, beneficiary_name, iban_encrypted, iban_last4, bank_code, national_id_encrypted,
      customer, reference, description, metadata, requested_provider, next_check_at, scheduled_for, item_reference)`;

/**
 * Every item's creation event (with its snapshot, the payout as created) and, through add_outbox_messages (the one
 * writer of outbox rows and its rule on callback clients), its status-changed notification with the event's id. No
 * dispatch job: batch items are fed to dispatch by the batch feeder (decision 0012; the reaper leaves them to it).
 */
const INSERT_EVENTS = `WITH items AS (
    SELECT u.n, u.payout_id, u.to_status, u.detail, s.snapshot
    FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS u(payout_id, to_status, detail, n)
    JOIN json_array_elements($4::json) WITH ORDINALITY AS s(snapshot, n) ON s.n = u.n
  ), events AS (
    INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence, applied,
      reason, detail, tx_id, snapshot, created_at)
    SELECT i.payout_id, $5::uuid, 1, NULL, i.to_status, 'api', $8::text, NULL, true, 'created', i.detail,
      pg_current_xact_id()::text::bigint, i.snapshot, $6
    FROM items i ORDER BY i.n
    RETURNING id, payout_id
  )
  SELECT add_outbox_messages((
    SELECT jsonb_agg(jsonb_set(m.message, '{payload,eventId}', to_jsonb(e.id::text)) ORDER BY m.n)
    FROM jsonb_array_elements($7::jsonb) WITH ORDINALITY AS m(message, n)
    JOIN events e ON e.payout_id = (m.message->'payload'->>'payoutId')::uuid))`;

const INSERT_KEY = `INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, payout_id,
    batch_id, created_at)
  VALUES ($1, $2, $3, 201, $4, NULL, $5, $6)`;

interface StoredRow {
  request_hash: string;
  response_status: number;
  response_body: Record<string, unknown>;
}

const toStored = (row: StoredRow): StoredAnswer => ({
  requestHash: row.request_hash,
  status: row.response_status,
  body: row.response_body,
});

/**
 * BatchIntake on Postgres: one transaction of a handful of statements whatever the item count. The advisory lock on
 * (client, key) is the payouts' one (create_payout_once), so a batch and a payout never race on one key; it never
 * waits (a concurrent holder -> 409) and is released at commit, after the rows are visible.
 */
export class PostgresBatchIntake implements BatchIntake {
  private readonly pool: Pool;

  constructor(
    dataSource: DataSource,
    private readonly cipher: PiiCipher,
  ) {
    // TypeORM's postgres driver keeps its pg Pool here.
    this.pool = pgPoolOf(dataSource);
  }

  async findStored(clientId: string, idempotencyKey: string): Promise<StoredAnswer | undefined> {
    const { rows } = await this.pool.query<StoredRow>(FIND_STORED, [clientId, idempotencyKey]);
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async createOnce(request: BatchIntakeRequest): Promise<BatchIntakeOutcome> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const outcome = await this.createIn(client, request);
      await client.query(outcome.kind === 'created' ? 'COMMIT' : 'ROLLBACK');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async createIn(client: PoolClient, request: BatchIntakeRequest): Promise<BatchIntakeOutcome> {
    const { clientId, idempotencyKey } = request;
    const { rows: lock } = await client.query<{ locked: boolean }>(TRY_LOCK, [clientId, idempotencyKey]);
    if (lock[0]?.locked !== true) return { kind: 'locked' };
    // A new statement, so a new snapshot: it sees what the previous holder of the lock committed.
    const { rows: stored } = await client.query<StoredRow>(FIND_STORED, [clientId, idempotencyKey]);
    if (stored[0]) return { kind: 'stored', ...toStored(stored[0]) };
    // The batch's status was decided on the policy the caller knew (decision 0013): if another is current, nothing is
    // written and the current one goes back, as create_payout_once does for a payout.
    const { rows: policies } = await client.query<ApprovalPolicyJson>(CURRENT_POLICY);
    const current = policies[0] ? policyFromJson(policies[0]) : emptyApprovalPolicy();
    if (current.version !== request.policyVersion) return { kind: 'policy_changed', policy: current };

    const { batch, items } = request.create;
    await client.query(INSERT_BATCH, [
      batch.id,
      clientId,
      batch.status,
      batch.reference,
      batch.description,
      JSON.stringify(batch.metadata),
      batch.itemCount,
      batch.totalAmount.toString(),
      batch.currency,
      batch.createdAt,
      batch.approval === null ? null : JSON.stringify(batch.approval),
    ]);

    const columns: unknown[][] = Array.from({ length: 17 }, () => new Array<unknown>(items.length));
    const snapshots: string[] = new Array<string>(items.length);
    const details: string[] = new Array<string>(items.length);
    const messages = new Array<unknown>(items.length);
    items.forEach((item, i) => {
      const id = uuidv7();
      // amount .. scheduled_for, the IBAN and national id sealed; created_at (values[13]) is the batch's, one value.
      const values = newPayoutValues(item.payout, this.cipher);
      const record = newPayoutRecord(id, item.payout, {
        batchId: batch.id,
        itemReference: item.itemReference,
        status: item.status,
      });
      const row = [id, item.status, ...values.slice(0, 13), values[14], item.itemReference];
      for (let c = 0; c < row.length; c++) columns[c][i] = row[c];
      snapshots[i] = JSON.stringify(toPayoutView(record));
      details[i] =
        item.status === 'scheduled'
          ? `created by the client in batch ${batch.id}, scheduled`
          : item.status === 'awaiting_approval'
            ? `created by the client in batch ${batch.id}, awaiting ${item.payout.approval?.required} approval(s) of the batch`
            : `created by the client in batch ${batch.id}`;
      messages[i] = statusChangedMessage({ payoutId: id, clientId, eventId: '', version: 1, status: item.status });
    });
    // Every item shares its batch's approval record (null when the batch needs none).
    const approval = batch.approval === null ? null : JSON.stringify(batch.approval);
    await client.query(INSERT_ITEMS, [clientId, batch.createdAt, batch.id, ...columns, approval]);
    await client.query(INSERT_EVENTS, [
      columns[0],
      columns[1],
      details,
      `[${snapshots.join(',')}]`,
      clientId,
      batch.createdAt,
      JSON.stringify(messages),
      clientId,
    ]);
    await client.query(INSERT_KEY, [
      clientId,
      idempotencyKey,
      request.requestHash,
      JSON.stringify(request.body),
      batch.id,
      batch.createdAt,
    ]);
    return { kind: 'created', body: request.body };
  }
}
