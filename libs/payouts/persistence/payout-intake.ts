import { pgPoolOf } from '@libs/platform/database';
import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { ibanLast4 } from '../domain';
import {
  creationStatusOf,
  type IntakeOutcome,
  type IntakeRequest,
  type NewPayout,
  type PayoutIntake,
  type PayoutRecord,
} from '../application';
import { policyFromJson, type ApprovalPolicyJson } from './approval-policy.rows';
import type { PiiCipher } from './pii-cipher';
import { asReadFromJsonb, jsonb, newPayoutValues } from './payout.rows';

/**
 * A named statement: prepared once per connection, then sent as a Bind/Execute with no SQL text. The function is
 * `create_payout_once` (migration 1796900000000), which holds the intake's SQL.
 */
const CREATE_PAYOUT_ONCE = {
  name: 'create_payout_once',
  text: `SELECT outcome, request_hash, response_status, response_body FROM create_payout_once(
    ${Array.from({ length: 25 }, (_, i) => `$${i + 1}`).join(', ')})`,
};

interface OutcomeRow {
  outcome: 'locked' | 'stored' | 'absent' | 'created' | 'policy_changed';
  request_hash: string | null;
  response_status: number | null;
  response_body: Record<string, unknown> | null;
}

/**
 * Keys in the order a jsonb column gives them back (shorter first, then by UTF-8 bytes): the answer is built here
 * from the values sent, not re-read, and must read exactly as a later GET of the payout does.
 */
export function inJsonbKeyOrder<T extends Record<string, unknown> | null>(value: T): T {
  if (value === null) return value;
  const keys = Object.keys(value).sort(
    (a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as T;
}

/**
 * The record a new payout's row will read as (what a re-read after the insert returns): awaiting approval when the
 * policy holds it, else pending, or scheduled until its release time; a batch's item (libs/batches) carries its batch and item reference, and may be given its status.
 */
export function newPayoutRecord(
  id: string,
  payout: NewPayout,
  item: { batchId: string; itemReference: string; status?: PayoutRecord['status'] } | null = null,
): PayoutRecord {
  const { beneficiary } = payout;
  return {
    id,
    clientId: payout.clientId,
    status: item?.status ?? creationStatusOf(payout),
    version: 1,
    amount: payout.amount,
    currency: payout.currency,
    beneficiary: { name: beneficiary.name, ibanLast4: ibanLast4(beneficiary.iban), bankCode: beneficiary.bankCode },
    customer: inJsonbKeyOrder(payout.customer),
    reference: payout.reference,
    description: payout.description,
    metadata: inJsonbKeyOrder(payout.metadata),
    requestedProvider: payout.requestedProvider,
    provider: null,
    providerReference: null,
    routing: null,
    failure: null,
    nextCheckAt: payout.nextCheckAt,
    needsAttention: false,
    contradiction: false,
    createdAt: payout.createdAt,
    updatedAt: payout.createdAt,
    completedAt: null,
    scheduledFor: payout.scheduledFor,
    approval: asReadFromJsonb(payout.approval ?? null),
    batchId: item?.batchId ?? null,
    itemReference: item?.itemReference ?? null,
    rail: null,
    expectedCompletionAt: null,
    holdReason: null,
    holdSince: null,
  };
}

/** PayoutIntake on Postgres: one named prepared statement per request, outside any TypeORM transaction. */
export class TypeOrmPayoutIntake implements PayoutIntake {
  private readonly pool: Pool;

  constructor(
    dataSource: DataSource,
    private readonly cipher: PiiCipher,
  ) {
    // TypeORM's postgres driver keeps its pg Pool here; its `query` cannot name a statement.
    this.pool = pgPoolOf(dataSource);
  }

  async createOnce(request: IntakeRequest): Promise<IntakeOutcome> {
    const params: unknown[] = [request.clientId, request.idempotencyKey, request.requestHash];
    let createdBody: Record<string, unknown> | undefined;
    if (request.create === null) {
      params.push(...new Array<null>(19).fill(null), null, null, request.policyVersion);
    } else {
      const { payout } = request.create;
      // The record the payout row will read as: what a re-read after the insert returned before.
      const record = newPayoutRecord(uuidv7(), payout);
      const creation = request.create.describe(record);
      createdBody = creation.body;
      params.push(
        record.id,
        ...newPayoutValues(payout, this.cipher).slice(0, -1),
        JSON.stringify(creation.event),
        JSON.stringify(creation.body),
        JSON.stringify(creation.messages),
        record.status,
        jsonb(payout.approval),
        request.policyVersion,
      );
    }
    const { rows } = await this.pool.query<OutcomeRow>({ ...CREATE_PAYOUT_ONCE, values: params });
    const row = rows[0];
    switch (row.outcome) {
      case 'locked':
      case 'absent':
        return { kind: row.outcome };
      case 'stored':
        return {
          kind: 'stored',
          requestHash: row.request_hash as string,
          status: row.response_status as number,
          body: row.response_body as Record<string, unknown>,
        };
      case 'created':
        return { kind: 'created', body: createdBody as Record<string, unknown> };
      case 'policy_changed':
        return { kind: 'policy_changed', policy: policyFromJson(row.response_body as unknown as ApprovalPolicyJson) };
    }
  }
}
