import type { AttemptRecord, PayoutRecord, SendClaim, StoredRawAnswer } from '@libs/payouts/application';
import type { HoldReason } from '@libs/payouts/domain';
import type { PayoutProvider, SubmitOutcome } from '@libs/providers/contract';
import type { RoutingDecision } from '@libs/routing/domain';

/** The payout rows dispatch reads besides what PayoutStore offers. */
export interface DispatchReads {
  findPayout(payoutId: string): Promise<PayoutRecord | undefined>;
  findAttempt(attemptId: string): Promise<AttemptRecord | undefined>;
  listAttempts(payoutId: string): Promise<AttemptRecord[]>;
  /** Whether a provider's answer to a submission of this attempt was ever recorded (see answerEvidence). */
  hasSubmitAnswer(payoutId: string, attemptId: string): Promise<boolean>;
  /** Whether a national id is on file (sealed); routing needs only that, never the value. */
  hasNationalId(payoutId: string): Promise<boolean>;
}

/** Writes of bookkeeping that is not a status change, so they go around TransitionPayout. */
export interface DispatchWrites {
  /**
   * A pending payout that no provider can take now: when to route it again, and why it waits (shown on the payout).
   * `hold`: it waits for a provider balance (hold_reason; hold_since is kept from when the hold began, else `now`);
   * without one, any hold is cleared.
   */
  reschedulePending(
    payoutId: string,
    nextCheckAt: Date,
    waiting: StoredRouting,
    hold?: { reason: typeof BALANCE_HOLD; now: Date },
  ): Promise<void>;
  /**
   * A provider's balance went up: every payout waiting for a balance becomes due now, oldest first (next_check_at in
   * created_at order), for the reaper and the batch feeder to route again. Returns how many.
   */
  releaseBalanceHolds(now: Date): Promise<number>;
  /**
   * Right before the first byte of a send leaves: counts the call on the attempt's row (invariant 2a) and refuses when
   * the attempt was settled meanwhile or its first request is older than the provider's `retentionMs`.
   */
  claimSend(attemptId: string, now: Date, retentionMs?: number): Promise<SendClaim>;
  /** What a provider answered for an attempt whose payout has already moved on (evidence only, no status). */
  recordEvidence(attemptId: string, providerId: string | undefined, raw: StoredRawAnswer, now: Date): Promise<void>;
}

/** The hold of a payout no provider balance covers (money-movement.md). */
export const BALANCE_HOLD = 'insufficient_provider_balance' satisfies HoldReason;

/** payout.routing as dispatch writes it: the rule and, for every provider, why it was or was not eligible. */
export interface StoredRouting {
  ruleId: string | null;
  ruleVersion: number | null;
  reason: string;
  providers: RoutingDecision['providers'];
}

export interface BeneficiaryOpener {
  loadBeneficiaryForSubmission(payoutId: string): Promise<{ name: string; iban: string; nationalId?: string }>;
}

export interface ProviderAdapters {
  get(name: string): PayoutProvider;
}

export type GateResult = { kind: 'sent'; outcome: SubmitOutcome } | { kind: 'circuit_open' };

/** A provider's concurrency limit and circuit breaker around one submission. */
export interface SubmissionGate {
  /** `circuit_open`: the breaker refused, nothing was sent. */
  submit(provider: string, send: () => Promise<SubmitOutcome>): Promise<GateResult>;
}

export interface LeaseHandle {
  release(): Promise<void>;
}

/** "A live job holds this payout": taken for the whole of a dispatch, renewed while it runs, gone when a worker dies. */
export interface DispatchLease {
  acquire(payoutId: string): Promise<LeaseHandle | undefined>;
  heldAmong(payoutIds: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface ResubmitJob {
  payoutId: string;
  attemptId: string;
  /** 0 for a resend by the reaper; n for the n-th retry after an ambiguous answer. */
  retry: number;
}

/** Jobs dispatch enqueues directly (not through the outbox): each is a hint, the rows stay the truth. */
export interface DispatchJobs {
  resubmit(job: ResubmitJob, options: { delayMs: number; jobId: string }): Promise<void>;
  redispatch(payoutId: string, jobId: string): Promise<void>;
}

/** Points of a dispatch where a test can make the worker crash, to prove a crash anywhere is safe. */
export const DISPATCH_FAULT_POINTS = ['before-call', 'during-call', 'after-call-before-commit'] as const;
export type DispatchFaultPoint = (typeof DISPATCH_FAULT_POINTS)[number];

/**
 * Crash hooks along a send. The worker binds NO_FAULTS under DISPATCH_FAULTS; only a test root module (under test/)
 * binds hooks that kill the process, so no setting of the production build can arm one.
 */
export interface FaultPoints {
  /** Kills the process here (test root modules only). */
  crashAt(point: Exclude<DispatchFaultPoint, 'during-call'>): void;
  /** May kill the process while the call is in flight; call the returned function once the call has returned. */
  armDuringCall(): () => void;
}
export const DISPATCH_FAULTS = Symbol('DISPATCH_FAULTS');
export const NO_FAULTS: FaultPoints = { crashAt: () => undefined, armDuringCall: () => () => undefined };

export const DISPATCH_OUTCOME_KINDS = [
  'accepted',
  'not_executed',
  'ambiguous',
  'circuit_open',
  'failover',
  'failed',
  'waiting',
  /** Waiting for a provider balance (held), or failed after INSUFFICIENT_BALANCE_WAIT. */
  'balance_hold',
  'balance_hold_expired',
  'no_route',
  /** Held scheduled: its rail (EFT) is closed until the window opens. */
  'rail_closed',
  'superseded',
  /** A refusal that answered a later call of an attempt whose earlier request may have been executed (2a). */
  'refusal_not_proof',
] as const;
export type DispatchOutcomeKind = (typeof DISPATCH_OUTCOME_KINDS)[number];

export interface DispatchMetrics {
  count(provider: string, kind: DispatchOutcomeKind): void;
}

export interface DispatchTiming {
  /** POLL_TIME_SCALE. */
  timeScale: number;
  /** Scaled already. */
  redispatchAfterMs: number;
  /** Scaled already; one entry per retry of an ambiguous submission. */
  resubmitDelaysMs: readonly number[];
  /** Scaled already (INSUFFICIENT_BALANCE_WAIT): how long a payout may wait for a provider balance. */
  insufficientBalanceWaitMs: number;
}
