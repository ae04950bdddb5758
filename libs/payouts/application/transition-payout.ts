import type { Clock } from '@libs/platform/time';
import type { AuditLogEntry } from '@libs/clients/application';
import {
  applySignal,
  isInFlight,
  isOpsSource,
  isSettled,
  judgeAttemptSignal,
  PAYOUT_STATUSES,
  PayoutError,
  type ApprovalRecord,
  type AttemptVerdict,
  type Decision,
  type NotExecutedProof,
  type PayoutSignal,
  type PayoutStatus,
} from '../domain';
import type { ExpectedCompletion } from './expected-completion.port';
import type { OutboxMessage } from './outbox-message';
import { contradictionMessage, statusChangedMessage } from './payout-jobs';
import type { AttemptRecord, AttemptStatus, PayoutEventRecord, PayoutRecord, RoutingRecord } from './payout-record';
import type {
  ApprovalVoteRow,
  AttemptChange,
  BeneficiaryForSubmission,
  MoneyMovementChange,
  NewAttempt,
  PayoutChange,
  PayoutStore,
  UnitOfWork,
} from './payout-store.port';
import { toPayoutView } from './payout-view';

export interface TransitionOptions {
  /**
   * Apply only if the payout is still at this version (the one the caller decided on); otherwise nothing is written
   * and PayoutChangedError is thrown. For work that is only right for the state it read (flagging a payout found
   * without a live attempt): a failover committed in between must not be undone by it.
   */
  expectedVersion?: number;
  /** Who acted, for the event log (a client id, an operator); the source already says which kind. */
  actor?: string;
  /** Jobs to enqueue with the change; written only when the change is applied. */
  extraOutbox?: readonly OutboxMessage[];
  /**
   * What the provider said about an attempt, and the attempt the signal is about. Its evidence (raw answer, provider
   * id, poll count) is written whatever the decision, so evidence is never lost; its status only when the decision is
   * applied (2c). A signal about an attempt that is no longer live is recorded and never applied (2b).
   */
  attemptUpdate?: { attemptId: string } & AttemptChange;
  /**
   * Required (except from ops) when `attemptUpdate.status` is `rejected`: why the attempt is definitively not
   * executed. Checked against the attempt's row under the lock (2a); a claim it does not support is refused.
   */
  notExecutedProof?: NotExecutedProof;
  /** A new attempt (e.g. pending -> submitting); created only when applied. Throws LiveAttemptExistsError if one is live. */
  newAttempt?: Omit<NewAttempt, 'payoutId'>;
  /** The provider routing chose and why; set only when applied. */
  route?: { provider: string; routing: RoutingRecord };
  /** The next time a sweeper or poller should look. Ignored (cleared) once the payout is no longer in flight. */
  nextCheckAt?: Date;
  needsAttention?: boolean;
  /**
   * A provider contradicted itself outside the state machine (e.g. a webhook its own lookup denies): flag the
   * payout as a contradiction for ops (implies needs attention), whatever the decision.
   */
  contradiction?: boolean;
  /** Written in the same transaction, applied or not (ops actions are audited even when refused). */
  audit?: AuditLogEntry;
  /**
   * This attempt's call 1 was claimed with the attempt (dispatch) and let no request out: its claim is given back
   * under the lock before the decision is judged (AttemptRows.releaseUnsentFirstClaim), applied or not, so "never
   * sent" and a later call's refusal still prove what they prove. Ignored when another call was claimed since.
   */
  unsentClaimOf?: string;
  /**
   * The payout's approval record after this decision (an approver's vote); written applied or not, since a vote that
   * is not the last changes no status but is still recorded.
   */
  approval?: ApprovalRecord;
  /** The approver's vote row, written with the decision, applied or not; one per (payout, client): VoteTakenError. */
  vote?: ApprovalVoteRow;
  /**
   * Rail, expected completion, hold reason (and the release time of a payout held for its rail), written only when
   * the decision is applied. Whatever is given, a payout that enters manual review has no expected completion.
   */
  moneyMovement?: MoneyMovementChange;
}

export interface TransitionResult {
  decision: Decision;
  /** The payout after the transaction. */
  payout: PayoutRecord;
  event: PayoutEventRecord;
  attempt?: AttemptRecord;
}

/** A signal, or how to make one from the payout as locked (e.g. "stay where you are": `to: current.status`). */
export type SignalFor = PayoutSignal | ((current: PayoutRecord) => PayoutSignal);

/** What a decision made under the lock can read: the locked payout, and its attempts as of the lock. */
export interface LockedPayout {
  payout: PayoutRecord;
  attempts(): Promise<AttemptRecord[]>;
  /**
   * The beneficiary for a submission (name, IBAN and national id opened), from what the lock read: no round trip. What
   * it returns goes to the provider and nowhere else, as BeneficiaryVault's.
   */
  beneficiary(): BeneficiaryForSubmission;
  /**
   * The rows of the decision's own transaction: what the decider reads through it (the sealed beneficiary, another
   * context's rows bound to `store.transaction`) costs a round trip, not a transaction of its own.
   */
  store: PayoutStore;
}

/** One transaction in which a caller reads or writes around a status decision (TransitionPayout.within). */
export interface TransitionScope {
  store: PayoutStore;
  /** TransitionPayout.decide, in this transaction. At most once per scope. */
  decide(payoutId: string, decider: Decider): Promise<TransitionResult | undefined>;
}

/** A decision made under the payout's row lock: the signal and its options, or undefined to write nothing. */
export type Decider = (
  locked: LockedPayout,
) => Promise<{ signal: PayoutSignal; options?: TransitionOptions } | undefined>;

/** The payout moved on since the caller read it (TransitionOptions.expectedVersion); nothing was written. */
export class PayoutChangedError extends Error {
  constructor(
    readonly payoutId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`payout ${payoutId} is at version ${actualVersion}, not ${expectedVersion}`);
    this.name = 'PayoutChangedError';
  }
}

// submitting -> accepted -> completed; rejected is final like completed. A settled attempt keeps its status.
const ATTEMPT_RANK: Record<AttemptStatus, number> = { submitting: 0, accepted: 1, completed: 2, rejected: 2 };
const attemptMovesForward = (from: AttemptStatus, to: AttemptStatus): boolean =>
  from === to || ATTEMPT_RANK[to] > ATTEMPT_RANK[from];

/** Seen by TransitionPayout once a payout's first final status has committed (time to final per provider). */
export interface PayoutFinalMetrics {
  /** `provider` is `none` for a payout that failed or was canceled before routing chose one. */
  reachedFinal(provider: string, status: PayoutStatus, secondsSinceCreated: number): void;
}

/** A batch stays open while any item is in one of these: every status but the settled ones. */
const OPEN_ITEM_STATUSES: readonly PayoutStatus[] = PAYOUT_STATUSES.filter((status) => !isSettled(status));

const NO_FINAL_METRICS: PayoutFinalMetrics = { reachedFinal: () => undefined };

/**
 * The one place a payout's status changes. In one transaction, under the payout's row lock: decide with the pure
 * state machine, append the event (applied or not), and when applied write the status, the version bump, the client
 * notification and the caller's jobs. Two workers, or a worker and a webhook, therefore queue up on the row lock and
 * each decides on what the other committed.
 */
export class TransitionPayout {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly finalMetrics: PayoutFinalMetrics = NO_FINAL_METRICS,
    /** Sets `expectedCompletionAt` when a provider accepts a payout; absent (tests of other things): left as it is. */
    private readonly completion?: ExpectedCompletion,
  ) {}

  apply(payoutId: string, signalFor: SignalFor, options: TransitionOptions = {}): Promise<TransitionResult> {
    return this.decide(payoutId, async ({ payout }) => ({
      signal: typeof signalFor === 'function' ? signalFor(payout) : signalFor,
      options,
    })) as Promise<TransitionResult>;
  }

  /**
   * Reads and decides inside the transaction that writes (2c): `decider` runs after the payout's row lock is taken,
   * so no other status decision about the payout can commit between what it reads and what it writes. Two round
   * trips inside the transaction: one reads the payout and its attempts under their locks, one writes the decision.
   */
  async decide(payoutId: string, decider: Decider): Promise<TransitionResult | undefined> {
    const result = await this.unitOfWork.run((store) => this.decideOn(store, payoutId, decider));
    this.observeCommitted(result);
    return result;
  }

  /**
   * `work` in one transaction, with `decide` on it: what the caller reads before the decision (the attempt a webhook
   * names) and writes after it (the webhook's inbox row) commits with the decision or not at all.
   */
  async within<T>(work: (scope: TransitionScope) => Promise<T>): Promise<T> {
    let result: TransitionResult | undefined;
    const value = await this.unitOfWork.run((store) => {
      let decided = false;
      return work({
        store,
        decide: async (payoutId, decider) => {
          if (decided) throw new Error('one status decision per transaction');
          decided = true;
          result = await this.decideOn(store, payoutId, decider);
          return result;
        },
      });
    });
    this.observeCommitted(result);
    return value;
  }

  /**
   * A provider accepted the payout (submitting -> processing or succeeded, whoever tells): its expected completion by
   * its rail, unless the caller set one. The rail is the one routing wrote when it sent this attempt (committed before
   * the attempt could be sent, so before any answer to it).
   */
  private async withAcceptance(
    current: PayoutRecord,
    decision: Decision,
    moneyMovement: MoneyMovementChange | undefined,
    now: Date,
  ): Promise<MoneyMovementChange | undefined> {
    const accepted =
      decision.kind === 'applied' &&
      current.status === 'submitting' &&
      (decision.to === 'processing' || decision.to === 'succeeded');
    if (!accepted || !this.completion || moneyMovement?.expectedCompletionAt !== undefined) return moneyMovement;
    return {
      ...moneyMovement,
      expectedCompletionAt: await this.completion.onAcceptance(current.rail, decision.to, now),
    };
  }

  /** After the commit, so a rolled-back decision is never counted: a payout's first final status and how long it took. */
  private observeCommitted(result: TransitionResult | undefined): void {
    if (result?.decision.kind !== 'applied') return;
    const { from, to } = result.decision;
    if (isSettled(from) || !isSettled(to)) return;
    const finalAt = result.payout.completedAt ?? this.clock.now();
    const seconds = (finalAt.getTime() - result.payout.createdAt.getTime()) / 1000;
    this.finalMetrics.reachedFinal(result.payout.provider ?? 'none', to, Math.max(0, seconds));
  }

  private async decideOn(
    store: PayoutStore,
    payoutId: string,
    decider: Decider,
  ): Promise<TransitionResult | undefined> {
    const locked = await store.transitions.lock(payoutId);
    if (!locked) throw new PayoutError('not_found', `payout ${payoutId} does not exist`);
    const current = locked.payout;
    const decided = await decider({
      payout: current,
      attempts: async () => [...locked.attempts],
      beneficiary: () => locked.beneficiary(),
      store,
    });
    if (!decided) return undefined;
    const { signal } = decided;
    const options = decided.options ?? {};
    if (options.expectedVersion !== undefined && current.version !== options.expectedVersion)
      throw new PayoutChangedError(payoutId, options.expectedVersion, current.version);
    const now = this.clock.now();
    if (options.unsentClaimOf !== undefined) await releaseUnsentClaim(store, locked, options.unsentClaimOf, now);
    const subject = options.attemptUpdate ? subjectOf(locked.attempts, payoutId, options.attemptUpdate) : undefined;
    const verdict = subject ? judgeSubject(subject, signal, options) : ({ kind: 'ok' } as const);
    const decision =
      verdict.kind === 'ok' ? applySignal(current, signal, now) : refusedFor(verdict, current, signal, now);
    const applied = decision.kind === 'applied';
    const contradicted = decision.contradiction || options.contradiction === true;
    const moneyMovement = await this.withAcceptance(current, decision, options.moneyMovement, now);
    const payoutChange = changeOf(current, decision, signal, { ...options, moneyMovement }, now);
    const after = {
      status: payoutChange?.status ?? current.status,
      version: payoutChange?.version ?? current.version,
    };

    // The client hears of a contradiction once, when it is first found: money may have moved where we said not.
    // An applied change tells it with its own notification, whose payout shows the flag.
    const flagsContradiction = contradicted && !current.contradiction && !applied;
    // The event's id is the database's: the store sets it in these messages' payloads.
    const job = { payoutId, clientId: current.clientId, eventId: '', version: after.version };
    const eventMessages: OutboxMessage[] = [];
    if (applied) eventMessages.push(statusChangedMessage({ ...job, status: decision.to }));
    if (flagsContradiction) eventMessages.push(contradictionMessage({ ...job, status: after.status }));
    const attemptUpdate = attemptUpdateOf(applied, subject, options);
    const written = await store.transitions.write({
      locked,
      ...(attemptUpdate ? { attemptUpdate } : {}),
      ...(applied && options.newAttempt ? { newAttempt: options.newAttempt } : {}),
      ...(payoutChange ? { payoutChange } : {}),
      event: {
        version: decision.version,
        from: decision.from,
        to: decision.to,
        source: signal.source,
        actor: options.actor ?? null,
        evidence: signal.evidence ?? null,
        applied,
        flagsContradiction,
        reason: decision.reason,
        detail: decision.detail,
      },
      ...(applied || flagsContradiction ? { snapshot: (payout: PayoutRecord) => ({ ...toPayoutView(payout) }) } : {}),
      eventMessages,
      messages: applied ? (options.extraOutbox ?? []) : [],
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.vote ? { vote: options.vote } : {}),
      now,
    });
    // A batch item's first final status may close its batch (decision 0012): in this transaction, under the batch's
    // row lock. A later return of a succeeded item is not a first final status and never reopens it.
    if (applied && current.batchId !== null && !isSettled(decision.from) && isSettled(decision.to))
      await store.transitions.settleBatchItem(current.batchId, now, OPEN_ITEM_STATUSES);
    return { decision, ...written };
  }
}

/** AttemptRows.releaseUnsentFirstClaim on a locked attempt; the locked rows then read as the attempt now is. */
async function releaseUnsentClaim(
  store: PayoutStore,
  locked: { attempts: AttemptRecord[] },
  attemptId: string,
  now: Date,
): Promise<void> {
  const index = locked.attempts.findIndex((attempt) => attempt.id === attemptId);
  if (index < 0 || locked.attempts[index].sendCount !== 1 || locked.attempts[index].status !== 'submitting') return;
  if (!(await store.attempts.releaseUnsentFirstClaim(attemptId, now))) return;
  locked.attempts[index] = { ...locked.attempts[index], sendCount: 0, ambiguousSince: null, lastSentAt: null };
}

/** The attempt a decision is about, as locked with its payout: a claimSend of it waits for this transaction. */
function subjectOf(attempts: readonly AttemptRecord[], payoutId: string, update: { attemptId: string }): AttemptRecord {
  const subject = attempts.find((attempt) => attempt.id === update.attemptId);
  if (!subject) throw new Error(`attempt ${update.attemptId} does not exist on payout ${payoutId}`);
  return subject;
}

/**
 * The attempt change as written. The status (and a rejection's failure) only with an applied decision (2c), and only
 * forward: a dispatch writing "accepted" late must not undo the "completed" a webhook already wrote. Evidence is
 * always kept.
 */
function attemptUpdateOf(
  applied: boolean,
  subject: AttemptRecord | undefined,
  options: TransitionOptions,
): ({ attemptId: string } & AttemptChange) | undefined {
  if (!options.attemptUpdate) return undefined;
  const update = { ...options.attemptUpdate };
  if (update.status !== undefined) {
    if (!applied || (subject && !attemptMovesForward(subject.status, update.status))) {
      if (update.status === 'rejected') delete update.failure;
      delete update.status;
    }
  }
  return update;
}

/** The payout row's new fields, or undefined when the decision leaves the row exactly as it is. */
function changeOf(
  current: PayoutRecord,
  decision: Decision,
  signal: PayoutSignal,
  options: TransitionOptions,
  now: Date,
): PayoutChange | undefined {
  const applied = decision.kind === 'applied';
  const status = applied ? decision.to : current.status;
  const inFlight = isInFlight(status);
  const nextCheckAt = inFlight ? (options.nextCheckAt ?? current.nextCheckAt ?? now) : null;
  // Settling a payout clears "ops must look" unless a provider contradicted itself on it; otherwise the flag stays
  // until someone (the poller, ops) says otherwise.
  const settled = applied && !inFlight;
  const kept = settled ? current.contradiction : current.needsAttention;
  const contradicted = decision.contradiction || options.contradiction === true;
  const needsAttention = contradicted || (options.needsAttention ?? kept);
  const contradiction = current.contradiction || contradicted;
  const unchanged =
    !applied &&
    nextCheckAt?.getTime() === current.nextCheckAt?.getTime() &&
    needsAttention === current.needsAttention &&
    contradiction === current.contradiction &&
    options.approval === undefined;
  if (unchanged) return undefined;
  return {
    expectedVersion: current.version,
    status,
    version: decision.version,
    failure: applied && (status === 'failed' || status === 'canceled') ? (signal.failure ?? null) : current.failure,
    provider: applied && options.route ? options.route.provider : current.provider,
    routing: applied && options.route ? options.route.routing : current.routing,
    nextCheckAt,
    needsAttention,
    contradiction,
    // Scheduling alone (a new nextCheckAt) is internal bookkeeping, not a change clients should see.
    updatedAt:
      applied ||
      options.approval !== undefined ||
      needsAttention !== current.needsAttention ||
      contradiction !== current.contradiction
        ? now
        : current.updatedAt,
    completedAt: applied && isSettled(status) ? now : current.completedAt,
    ...(options.approval ? { approval: options.approval } : {}),
    ...(applied ? moneyMovementOf(current, status, options.moneyMovement) : {}),
  };
}

/** money-movement.md: manual review (or unknown) has no expected completion, whoever moved the payout there. */
function moneyMovementOf(
  current: PayoutRecord,
  status: PayoutStatus,
  change: MoneyMovementChange | undefined,
): { moneyMovement?: MoneyMovementChange } {
  const clears = status === 'manual_review' && current.expectedCompletionAt !== null;
  const moneyMovement = clears ? { ...change, expectedCompletionAt: null } : change;
  return moneyMovement ? { moneyMovement } : {};
}

/** 2a and 2b on the attempt a signal is about, as locked for the decision. */
function judgeSubject(subject: AttemptRecord, signal: PayoutSignal, options: TransitionOptions): AttemptVerdict {
  return judgeAttemptSignal({
    attempt: { superseded: subject.status === 'rejected', sendCount: subject.sendCount },
    to: signal.to,
    rejectsAttempt: options.attemptUpdate?.status === 'rejected',
    ...(options.notExecutedProof ? { proof: options.notExecutedProof } : {}),
    byOps: isOpsSource(signal.source),
  });
}

/** The event of a signal the attempt rules refused: recorded with why, nothing applied. */
function refusedFor(
  verdict: Exclude<AttemptVerdict, { kind: 'ok' }>,
  current: PayoutRecord,
  signal: PayoutSignal,
  now: Date,
): Decision {
  const base = { from: current.status, to: signal.to, version: current.version, at: now };
  const detail = `${current.status} -> ${signal.to} from ${signal.source}: ${verdict.detail}`;
  if (verdict.kind === 'superseded')
    return { ...base, kind: 'refused', reason: 'superseded_attempt', contradiction: verdict.moneyMoved, detail };
  return { ...base, kind: 'refused', reason: 'not_proven', contradiction: false, detail };
}
