import type { AuditLogEntry, AuditLogStore } from '@libs/clients/application';
import type {
  ApprovalPolicy,
  ApprovalRecord,
  HoldReason,
  MinorUnits,
  NormalizedFailure,
  PayoutStatus,
  Rail,
} from '../domain';
import type { OutboxMessage } from './outbox-message';
import type {
  AttemptRecord,
  AttemptStatus,
  PayoutEventRecord,
  PayoutRecord,
  PayoutVisibility,
  RoutingRecord,
  StoredRawAnswer,
} from './payout-record';

export const PAYOUT_STORE = Symbol('PAYOUT_STORE');
export const UNIT_OF_WORK = Symbol('UNIT_OF_WORK');
export const CLOCK = Symbol('CLOCK');

/**
 * An open transaction, opaque here: another context's adapter binds its own rows to it (TransactionRows) to read and
 * write in the same transaction as a payout decision; one transaction instead of several.
 */
export interface TransactionHandle {
  readonly kind: 'transaction';
}

/** Makes a context's rows bound to an open transaction (its adapter knows what the handle is). */
export type TransactionRows<T> = (transaction: TransactionHandle) => T;

/** Everything the payout use cases read and write, bound to one database session (a transaction inside `run`). */
export interface PayoutStore {
  payouts: PayoutRows;
  attempts: AttemptRows;
  events: PayoutEventLog;
  idempotencyKeys: IdempotencyKeyRows;
  outbox: OutboxRows;
  audit: AuditLogStore;
  beneficiaries: BeneficiaryVault;
  transitions: PayoutTransitionRows;
  /** The session these rows are bound to: the transaction inside `UnitOfWork.run`. */
  transaction: TransactionHandle;
}

/** One transaction: everything `work` writes commits together or not at all. */
export interface UnitOfWork {
  run<T>(work: (store: PayoutStore) => Promise<T>): Promise<T>;
}

export interface NewPayout {
  clientId: string;
  amount: MinorUnits;
  currency: string;
  beneficiary: { name: string; iban: string; bankCode: string | null; nationalId: string | null };
  customer: { id: string; label?: string } | null;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  requestedProvider: string | null;
  /** For a scheduled payout, its release time; otherwise when a sweeper looks at it if its dispatch job was lost. */
  nextCheckAt: Date;
  createdAt: Date;
  /** Set: the payout is created `scheduled`, released at this time; null: `pending` at once. */
  scheduledFor: Date | null;
  /** Set: the approval policy asks for approvals, and the payout is created `awaiting_approval` (before scheduled). */
  approval?: ApprovalRecord | null;
}

/** The status a new payout is created in (CREATION_STATUSES): awaiting approval, else scheduled, else pending. */
export const creationStatusOf = (payout: Pick<NewPayout, 'approval' | 'scheduledFor'>): PayoutStatus =>
  payout.approval ? 'awaiting_approval' : payout.scheduledFor !== null ? 'scheduled' : 'pending';

/** The row fields a status decision may change; `expectedVersion` guards against a write without the row lock. */
export interface PayoutChange {
  expectedVersion: number;
  status: PayoutStatus;
  version: number;
  failure: NormalizedFailure | null;
  provider: string | null;
  routing: RoutingRecord | null;
  nextCheckAt: Date | null;
  needsAttention: boolean;
  contradiction: boolean;
  updatedAt: Date;
  completedAt: Date | null;
  /** A new approval record (an approver's vote); absent: unchanged. */
  approval?: ApprovalRecord;
  /** money-movement.md's fields that change with the decision; absent: unchanged. */
  moneyMovement?: MoneyMovementChange;
}

/**
 * The rail, the expected completion and the hold reason (money-movement.md), and the release time of a payout held
 * for its rail's window: each key present is written (null clears it), an absent key is left as it is. Written with
 * the status decision, in its transaction, by a plain UPDATE beside apply_payout_transition (whose parameters predate
 * these columns: a new signature would be a function migration for four nullable columns).
 */
export interface MoneyMovementChange {
  rail?: Rail | null;
  expectedCompletionAt?: Date | null;
  holdReason?: HoldReason | null;
  scheduledFor?: Date | null;
}

/** What a payout list is filtered by. */
export interface PayoutListFilter {
  visibility: PayoutVisibility;
  status?: PayoutStatus;
  provider?: string;
  reference?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

export interface PayoutListQuery extends PayoutListFilter {
  /** Rows strictly older than this position (newest first). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

export interface PayoutRows {
  insert(payout: NewPayout): Promise<PayoutRecord>;
  find(id: string, visibility?: PayoutVisibility): Promise<PayoutRecord | undefined>;
  save(id: string, change: PayoutChange): Promise<void>;
  list(query: PayoutListQuery): Promise<PayoutRecord[]>;
}

/** A payout as locked for a status decision, with its attempts (oldest first) as of the lock. */
export interface LockedPayoutRows {
  payout: PayoutRecord;
  attempts: AttemptRecord[];
  /** The payout's beneficiary, opened from the sealed values the lock read, only when called (BeneficiaryVault's rule). */
  beneficiary(): BeneficiaryForSubmission;
}

/** Everything one status decision writes (TransitionPayout), as decided: written together, in one statement. */
export interface TransitionWrite {
  /** What PayoutTransitionRows.lock returned in this transaction: the rows as they are before the write. */
  locked: LockedPayoutRows;
  /** Evidence, and the status only where the decision allows it (the caller has applied 2c and forward-only). */
  attemptUpdate?: { attemptId: string } & AttemptChange;
  /** Throws LiveAttemptExistsError or DailyLimitReachedError as AttemptRows.insert does; then nothing is written. */
  newAttempt?: Omit<NewAttempt, 'payoutId'>;
  /** The payout row's new fields; absent when the decision leaves the row as it is. */
  payoutChange?: PayoutChange;
  event: Omit<NewPayoutEvent, 'payoutId' | 'clientId' | 'snapshot' | 'createdAt'>;
  /** The event's snapshot, made from the payout as it reads after the write; absent: no snapshot. */
  snapshot?: (payout: PayoutRecord) => Record<string, unknown>;
  /** Messages whose payload's `eventId` is set to the new event's id, which only the database knows; first in order. */
  eventMessages: readonly OutboxMessage[];
  /** Messages written as they are, after `eventMessages`. */
  messages: readonly OutboxMessage[];
  audit?: AuditLogEntry;
  /** An approver's decision, one per (payout, client): a second one throws VoteTakenError and nothing is written. */
  vote?: ApprovalVoteRow;
  now: Date;
}

export interface ApprovalVoteRow {
  clientId: string;
  decision: 'approve' | 'reject';
  reason: string | null;
}

/** The client has decided on this payout already (payout_approvals_pkey said no); nothing was written. */
export class VoteTakenError extends Error {
  override readonly name = 'VoteTakenError';
  constructor(
    readonly payoutId: string,
    readonly clientId: string,
  ) {
    super(`client ${clientId} has already decided on payout ${payoutId}`);
  }
}

/** What a status decision wrote, as a re-read would return it. */
export interface TransitionWritten {
  payout: PayoutRecord;
  event: PayoutEventRecord;
  /** The attempt created, else the attempt changed, if any. */
  attempt?: AttemptRecord;
}

/**
 * A status decision's reads and writes: one round trip each, inside `UnitOfWork.run` only. `lock` takes the payout's
 * row lock (waiting for any other holder), then its attempts' (a claimSend of one of them waits for the transaction,
 * and the transaction for a claimSend in progress), and returns both; undefined when the payout does not exist.
 */
export interface PayoutTransitionRows {
  lock(payoutId: string): Promise<LockedPayoutRows | undefined>;
  write(write: TransitionWrite): Promise<TransitionWritten>;
  /**
   * In the transaction of a batch item's first final status: closes the batch when no item is left in one of
   * `openStatuses` (under the batch's row lock, so two last items finishing at once cannot both miss each other) and
   * writes its `batch.completed` notification. What the batch is after it (`open`, or how it closed), or undefined when
   * it was not open.
   */
  settleBatchItem(batchId: string, now: Date, openStatuses: readonly string[]): Promise<string | undefined>;
}

export interface NewAttempt {
  payoutId: string;
  provider: string;
  reference: string;
  status?: AttemptStatus;
  submittedAt?: Date;
  /**
   * Call 1 is claimed as the attempt is inserted, at this time (what `claimSend` writes: committed with the attempt,
   * before its first byte leaves (2a)). Dispatch sets it; it saves claiming the row just inserted.
   */
  firstSendClaimedAt?: Date;
}

/** Fields an attempt update may set; absent fields stay as they are. `polled` bumps poll_count and last_polled_at. */
export interface AttemptChange {
  status?: AttemptStatus;
  providerId?: string;
  failure?: NormalizedFailure | null;
  lastRawAnswer?: StoredRawAnswer;
  submittedAt?: Date;
  polled?: boolean;
}

/** Thrown when a payout already has an attempt that is not `rejected` (the partial unique index said no). */
export class LiveAttemptExistsError extends Error {
  override readonly name = 'LiveAttemptExistsError';
  constructor(readonly payoutId: string) {
    super(`payout ${payoutId} already has a live attempt; a new one needs the previous one rejected`);
  }
}

/**
 * Thrown when a new attempt would take its provider past its daily limit for the day (Europe/Istanbul): the database
 * refused it atomically (the `provider_daily_usage_track` trigger), so nothing of the transaction was written.
 */
export class DailyLimitReachedError extends Error {
  override readonly name = 'DailyLimitReachedError';
  constructor(
    readonly payoutId: string,
    readonly provider: string,
  ) {
    super(`provider ${provider} has no daily limit left for payout ${payoutId}`);
  }
}

/**
 * The answer to "may this call of the attempt let a request out?" (AttemptRows.claimSend). `claimed`: yes, and it is
 * call number `sendNumber` of the attempt. `settled`: no, the attempt is no longer `submitting`. `retention_passed`:
 * no, the provider no longer remembers the reference of the first request, so a resend could pay a second time.
 */
export type SendClaim =
  { kind: 'claimed'; sendNumber: number } | { kind: 'settled' } | { kind: 'retention_passed'; firstSentAt: Date };

export interface AttemptRows {
  /**
   * One statement, before the first byte of a send, resend or replaying lookup leaves: counts the call, sets
   * `ambiguous_since` if unset and `last_sent_at`. Refuses when the attempt is no longer `submitting` (a settlement
   * committed first: its row lock orders the two) or when its first request is older than `retentionMs`.
   */
  claimSend(attemptId: string, now: Date, retentionMs?: number): Promise<SendClaim>;
  /**
   * Gives back the claim of call 1 when that call let no request out (its claim was committed with the attempt, then
   * our circuit, the rate budget or a token failure stopped it before the first byte): the attempt counts no call
   * again. Only while call 1 is the only claim (`send_count = 1`) and the attempt is `submitting`; inside a status
   * decision only (TransitionOptions.unsentClaimOf), under the attempt's row lock. Whether it was given back.
   */
  releaseUnsentFirstClaim(attemptId: string, now: Date): Promise<boolean>;
  /**
   * Throws LiveAttemptExistsError when the payout has a live attempt, DailyLimitReachedError when the attempt would
   * take its provider past its daily limit (both enforced by the database).
   */
  insert(attempt: NewAttempt, now: Date): Promise<AttemptRecord>;
  update(attemptId: string, change: AttemptChange, now: Date): Promise<AttemptRecord>;
  find(attemptId: string): Promise<AttemptRecord | undefined>;
  /** The attempt that is not `rejected`, if any (there is at most one). */
  findLive(payoutId: string): Promise<AttemptRecord | undefined>;
  findByReference(reference: string): Promise<AttemptRecord | undefined>;
  findByProviderId(provider: string, providerId: string): Promise<AttemptRecord | undefined>;
  listForPayout(payoutId: string): Promise<AttemptRecord[]>;
}

export type NewPayoutEvent = Omit<PayoutEventRecord, 'id' | 'flagsContradiction'> & { flagsContradiction?: boolean };

/** The events feed position: (writing transaction id, event id). Opaque to clients. */
export interface FeedPosition {
  txId: string;
  id: string;
}

export interface FeedEntry {
  position: FeedPosition;
  event: PayoutEventRecord;
}

export interface PayoutEventLog {
  append(event: NewPayoutEvent): Promise<PayoutEventRecord>;
  listForPayout(payoutId: string): Promise<PayoutEventRecord[]>;
  /** The client's applied changes after `after`, in an order no later commit can insert into (see the adapter). */
  readFeed(clientId: string, after: FeedPosition | undefined, limit: number): Promise<FeedEntry[]>;
}

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: Record<string, unknown>;
  payoutId: string;
}

export interface IdempotencyKeyRows {
  /** A transaction-scoped advisory lock on (client, key); false when another request holds it right now. */
  tryLock(clientId: string, key: string): Promise<boolean>;
  find(clientId: string, key: string): Promise<StoredResponse | undefined>;
  save(clientId: string, key: string, response: StoredResponse, now: Date): Promise<void>;
}

/** What a creation writes besides the payout row, computed from the record the payout will have. */
export interface PayoutCreation {
  /** The stored answer: the creation event's snapshot and every replay's body. */
  body: Record<string, unknown>;
  event: { source: string; actor: string; reason: string; detail: string };
  /** A payload's `eventId` is set to the creation event's id, which only the database knows. */
  messages: OutboxMessage[];
}

/** The answer of PayoutIntake.createOnce. `absent`: nothing is stored under the key (only when nothing was to be created). */
export type IntakeOutcome =
  | { kind: 'locked' }
  /** The status was decided on another policy than the current one, sent back here; nothing was written. */
  | { kind: 'policy_changed'; policy: ApprovalPolicy }
  | { kind: 'stored'; requestHash: string; status: number; body: Record<string, unknown> }
  | { kind: 'absent' }
  | { kind: 'created'; body: Record<string, unknown> };

export interface IntakeRequest {
  clientId: string;
  idempotencyKey: string;
  requestHash: string;
  /** The approval policy version the new payout's status was decided on (0: none yet). */
  policyVersion: number;
  /** Null: only lock the key and read its stored answer (the body was refused, which answers only a free key). */
  create: { payout: NewPayout; describe: (payout: PayoutRecord) => PayoutCreation } | null;
}

/**
 * The intake as one atomic step: a non-waiting lock on (client, key) -> `locked`; the answer stored under the key ->
 * `stored`; else the payout, its creation event, its outbox messages and the stored answer, all or nothing. One round
 * trip to the database where a UnitOfWork would take nine.
 */
export interface PayoutIntake {
  createOnce(request: IntakeRequest): Promise<IntakeOutcome>;
}

export interface OutboxRows {
  add(messages: readonly OutboxMessage[]): Promise<void>;
}

export interface BeneficiaryForSubmission {
  name: string;
  iban: string;
  nationalId?: string;
}

/** The one path that opens the sealed IBAN and national id: for the provider adapter, never for logs or answers. */
export interface BeneficiaryVault {
  loadBeneficiaryForSubmission(payoutId: string): Promise<BeneficiaryForSubmission>;
}
