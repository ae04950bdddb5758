import type { ApprovalRecord, HoldReason, NormalizedFailure, PayoutStatus, Rail } from '../domain';
import type { MinorUnits } from '../domain';
import { ibanLast4 } from '../domain';
import type {
  AttemptRecord,
  AttemptStatus,
  MoneyMovementChange,
  NewPayout,
  NewPayoutEvent,
  PayoutChange,
  PayoutEventRecord,
  PayoutListFilter,
  PayoutRecord,
  RoutingRecord,
} from '../application';
import { sqlLiteralList } from '@libs/platform/database';
import type { PiiCipher } from './pii-cipher';
import { rawAnswerFacts, type RawAnswerColumn } from './sealed-raw-answer';

/** Column lists and row -> record mapping shared by the raw-SQL repositories (snake_case ends here). */

/** Statuses as a SQL list of literals (`'a', 'b'`), for a query or a CHECK that must match the status constants. */
export const sqlStatusList = (statuses: Iterable<PayoutStatus>): string => sqlLiteralList(statuses);

export const PAYOUT_COLUMNS = `p.id, p.client_id, p.status, p.version, p.amount, p.currency, p.beneficiary_name,
  p.iban_last4, p.bank_code, p.customer, p.reference, p.description, p.metadata, p.requested_provider, p.provider,
  p.routing, p.failure, p.next_check_at, p.needs_attention, p.contradiction, p.created_at, p.updated_at, p.completed_at,
  p.scheduled_for, p.approval, p.batch_id, p.item_reference, p.rail, p.expected_completion_at, p.hold_reason,
  p.hold_since,
  (SELECT a.provider_id FROM payout_attempts a WHERE a.payout_id = p.id ORDER BY a.created_at DESC, a.id DESC LIMIT 1)
    AS provider_reference`;

/**
 * The WHERE conditions (on alias `p`) and their parameters of a payout list filter, shared by the list and the export
 * so both see the same payouts for the same filter. Callers may push more conditions and parameters.
 */
export function payoutFilterSql(filter: PayoutListFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (!filter.visibility.seesAllClients) add((p) => `p.client_id = ${p}`, filter.visibility.clientId);
  if (filter.status) add((p) => `p.status = ${p}`, filter.status);
  if (filter.provider) add((p) => `p.provider = ${p}`, filter.provider);
  if (filter.reference) add((p) => `p.reference = ${p}`, filter.reference);
  if (filter.createdFrom) add((p) => `p.created_at >= ${p}`, filter.createdFrom);
  if (filter.createdTo) add((p) => `p.created_at <= ${p}`, filter.createdTo);
  return { where, params };
}

export interface PayoutRow {
  id: string;
  client_id: string;
  status: string;
  version: number;
  amount: string;
  currency: string;
  beneficiary_name: string;
  iban_last4: string;
  bank_code: string | null;
  customer: { id: string; label?: string } | null;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  requested_provider: string | null;
  provider: string | null;
  routing: RoutingRecord | null;
  failure: NormalizedFailure | null;
  next_check_at: Date | null;
  needs_attention: boolean;
  contradiction: boolean;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  scheduled_for: Date | null;
  approval: ApprovalRecord | null;
  /** Absent where a query does not read them (taken as null). */
  batch_id?: string | null;
  item_reference?: string | null;
  rail?: string | null;
  expected_completion_at?: Date | null;
  hold_reason?: string | null;
  hold_since?: Date | null;
  provider_reference: string | null;
}

export const toPayoutRecord = (row: PayoutRow): PayoutRecord => ({
  id: row.id,
  clientId: row.client_id,
  status: row.status as PayoutStatus,
  version: row.version,
  amount: BigInt(row.amount) as MinorUnits,
  currency: row.currency,
  beneficiary: { name: row.beneficiary_name, ibanLast4: row.iban_last4, bankCode: row.bank_code },
  customer: row.customer,
  reference: row.reference,
  description: row.description,
  metadata: row.metadata,
  requestedProvider: row.requested_provider,
  provider: row.provider,
  providerReference: row.provider_reference,
  routing: row.routing,
  failure: row.failure,
  nextCheckAt: row.next_check_at,
  needsAttention: row.needs_attention,
  contradiction: row.contradiction,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  completedAt: row.completed_at,
  scheduledFor: row.scheduled_for,
  approval: row.approval,
  batchId: row.batch_id ?? null,
  itemReference: row.item_reference ?? null,
  rail: (row.rail ?? null) as Rail | null,
  expectedCompletionAt: row.expected_completion_at ?? null,
  holdReason: (row.hold_reason ?? null) as HoldReason | null,
  holdSince: row.hold_since ?? null,
});

export interface AttemptRow {
  id: string;
  payout_id: string;
  provider: string;
  reference: string;
  provider_id: string | null;
  status: string;
  failure: NormalizedFailure | null;
  last_raw_answer: RawAnswerColumn | null;
  poll_count: number;
  last_polled_at: Date | null;
  submitted_at: Date | null;
  send_count: number;
  ambiguous_since: Date | null;
  last_sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const toAttemptRecord = (row: AttemptRow): AttemptRecord => ({
  id: row.id,
  payoutId: row.payout_id,
  provider: row.provider,
  reference: row.reference,
  providerId: row.provider_id,
  status: row.status as AttemptStatus,
  failure: row.failure,
  lastRawAnswer: rawAnswerFacts(row.last_raw_answer),
  pollCount: row.poll_count,
  lastPolledAt: row.last_polled_at,
  submittedAt: row.submitted_at,
  sendCount: row.send_count,
  ambiguousSince: row.ambiguous_since,
  lastSentAt: row.last_sent_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface PayoutEventRow {
  id: string;
  payout_id: string;
  client_id: string;
  version: number;
  from_status: string | null;
  to_status: string;
  source: string;
  actor: string | null;
  /** Only where the query joins clients (an event list for people). */
  actor_name?: string | null;
  evidence: unknown;
  applied: boolean;
  flags_contradiction: boolean;
  reason: string;
  detail: string;
  tx_id: string;
  snapshot: Record<string, unknown> | null;
  created_at: Date;
}

export const toPayoutEventRecord = (row: PayoutEventRow): PayoutEventRecord => ({
  id: row.id,
  payoutId: row.payout_id,
  clientId: row.client_id,
  version: row.version,
  from: row.from_status as PayoutStatus | null,
  to: row.to_status as PayoutStatus,
  source: row.source,
  actor: row.actor,
  ...(row.actor_name !== undefined ? { actorName: row.actor_name } : {}),
  evidence: row.evidence,
  applied: row.applied,
  flagsContradiction: row.flags_contradiction,
  reason: row.reason,
  detail: row.detail,
  snapshot: row.snapshot,
  createdAt: row.created_at,
});

/**
 * A value as a jsonb column gives it back: through JSON (no undefined, dates as strings), every object's keys in
 * jsonb's order (shorter first, then by UTF-8 bytes). For records built from what was written rather than re-read.
 */
export function asReadFromJsonb<T>(value: T): T {
  if (value === undefined || value === null) return value;
  const inKeyOrder = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(inKeyOrder);
    if (item === null || typeof item !== 'object') return item;
    const keys = Object.keys(item).sort(
      (a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    return Object.fromEntries(keys.map((key) => [key, inKeyOrder((item as Record<string, unknown>)[key])]));
  };
  return inKeyOrder(JSON.parse(JSON.stringify(value))) as T;
}

/** JSON for a jsonb parameter; undefined and null both mean SQL NULL. */
export const jsonb = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/**
 * A new payout's values from `amount` to `approval`, in the column order both inserts write them (the intake
 * function and the direct insert): the full IBAN and national id are sealed here, the one place they enter a row.
 */
export const newPayoutValues = (payout: NewPayout, cipher: PiiCipher): unknown[] => {
  const { beneficiary } = payout;
  return [
    payout.amount.toString(),
    payout.currency,
    beneficiary.name,
    cipher.seal(beneficiary.iban, 'payout.iban'),
    ibanLast4(beneficiary.iban),
    beneficiary.bankCode,
    beneficiary.nationalId === null ? null : cipher.seal(beneficiary.nationalId, 'payout.national_id'),
    jsonb(payout.customer),
    payout.reference,
    payout.description,
    jsonb(payout.metadata),
    payout.requestedProvider,
    payout.nextCheckAt,
    payout.createdAt,
    payout.scheduledFor,
    jsonb(payout.approval),
  ];
};

/**
 * A payout change's values from `status` to `completed_at`, in the column order both writers send them (the UPDATE
 * of PayoutRepository.save and apply_payout_transition); all null when there is no change.
 */
export const payoutChangeValues = (change: PayoutChange | undefined): unknown[] => [
  change?.status ?? null,
  change?.version ?? null,
  jsonb(change?.failure),
  change?.provider ?? null,
  jsonb(change?.routing),
  change?.nextCheckAt ?? null,
  change?.needsAttention ?? null,
  change?.contradiction ?? null,
  change?.updatedAt ?? null,
  change?.completedAt ?? null,
];

/** The payout as it reads after `change` is written (its JSON columns in the order jsonb gives them back). */
export function withPayoutChange(current: PayoutRecord, change: PayoutChange): PayoutRecord {
  const { expectedVersion: _expectedVersion, moneyMovement, ...fields } = change;
  return {
    ...current,
    ...fields,
    ...definedKeys(moneyMovement ?? {}),
    failure: asReadFromJsonb(fields.failure),
    routing: asReadFromJsonb(fields.routing),
    approval: fields.approval === undefined ? current.approval : asReadFromJsonb(fields.approval),
  };
}

const definedKeys = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;

const MONEY_MOVEMENT_COLUMNS = {
  rail: 'rail',
  expectedCompletionAt: 'expected_completion_at',
  holdReason: 'hold_reason',
  scheduledFor: 'scheduled_for',
} as const satisfies Record<keyof MoneyMovementChange, string>;

/**
 * The money-movement fields a change sets (MoneyMovementChange), as apply_payout_transition's `p_money_movement`: one
 * key per column to set (null clears it), or null when it sets none.
 */
export function moneyMovementJson(change: PayoutChange | undefined): string | null {
  const fields = Object.entries(definedKeys(change?.moneyMovement ?? {})) as [keyof MoneyMovementChange, unknown][];
  if (fields.length === 0) return null;
  return JSON.stringify(Object.fromEntries(fields.map(([field, value]) => [MONEY_MOVEMENT_COLUMNS[field], value])));
}

/**
 * An event's values from `client_id` to `snapshot`, in the column order both writers send them (the INSERT of
 * PayoutEventRepository.append and apply_payout_transition). `snapshotJson`: the snapshot as already written to JSON.
 */
export const payoutEventValues = (
  event: Omit<NewPayoutEvent, 'payoutId' | 'snapshot' | 'createdAt'>,
  snapshotJson: string | null,
): unknown[] => [
  event.clientId,
  event.version,
  event.from,
  event.to,
  event.source,
  event.actor,
  jsonb(event.evidence),
  event.applied,
  event.reason,
  event.detail,
  snapshotJson,
];
