import type { PayoutStatus } from './payout-status';

/**
 * Why an attempt is definitively not executed (the only thing that lets a payout fail over or fail from
 * `submitting`). Invariant 2a: a refusal proves it only when it answers the first and only call of the attempt that
 * let a request out; after any other call (a timeout, a 5xx, a crash mid-call, a resend) a refusal proves nothing.
 */
export type NotExecutedProof =
  /** The provider refused call number `sendNumber` (0: this call let nothing out) with a "nothing created" answer. */
  | { kind: 'refusal'; sendNumber: number }
  /** A lookup past the provider's consistency window found no record, when the attempt had made `sendCount` calls. */
  | { kind: 'no_record'; sendCount: number }
  /** Our own breaker stopped the first send: no request of the attempt ever left us. */
  | { kind: 'never_sent' };

/** What a decision about an attempt needs to know of it, read under the lock. */
export interface AttemptFacts {
  /** The attempt was already proven not executed: it is no longer the payout's live attempt. */
  superseded: boolean;
  /** Calls of the attempt that let a request out. */
  sendCount: number;
}

export type AttemptVerdict =
  | { kind: 'ok' }
  /** 2b: about an attempt that is no longer live; recorded, never applied. `moneyMoved`: a contradiction for ops. */
  | { kind: 'superseded'; moneyMoved: boolean; detail: string }
  /** 2a: a "not executed" claim that the attempt's own history does not support. */
  | { kind: 'not_proven'; detail: string };

/** Statuses that say the provider has the transfer: it is being paid, was paid, or was paid and returned. */
const MONEY_MOVES: ReadonlySet<PayoutStatus> = new Set(['processing', 'manual_review', 'succeeded', 'returned']);

export const saysMoneyMoved = (status: PayoutStatus): boolean => MONEY_MOVES.has(status);

/** Whether `proof` holds for an attempt with these facts. */
export function proves(proof: NotExecutedProof, attempt: AttemptFacts): boolean {
  switch (proof.kind) {
    case 'refusal':
      return proof.sendNumber <= 1 && attempt.sendCount === proof.sendNumber;
    case 'no_record':
      return attempt.sendCount === proof.sendCount;
    case 'never_sent':
      return attempt.sendCount === 0;
  }
}

/**
 * Judges a signal about one attempt before the state machine sees it (invariants 2a and 2b). Ops decide outside these
 * rules: their word is the evidence.
 */
export function judgeAttemptSignal(input: {
  attempt: AttemptFacts;
  to: PayoutStatus;
  /** The signal would mark the attempt definitively not executed. */
  rejectsAttempt: boolean;
  proof?: NotExecutedProof;
  byOps: boolean;
}): AttemptVerdict {
  const { attempt, to } = input;
  if (input.byOps) return { kind: 'ok' };
  if (attempt.superseded) {
    const moneyMoved = saysMoneyMoved(to);
    const detail = moneyMoved
      ? `a superseded attempt says ${to}: money may have moved at two providers; ops must look`
      : `a superseded attempt says ${to}: recorded, not applied (only the live attempt moves the payout)`;
    return { kind: 'superseded', moneyMoved, detail };
  }
  if (!input.rejectsAttempt) return { kind: 'ok' };
  if (input.proof === undefined) return { kind: 'not_proven', detail: 'no proof that the attempt was not executed' };
  if (proves(input.proof, attempt)) return { kind: 'ok' };
  return {
    kind: 'not_proven',
    detail:
      `${describeProof(input.proof)} does not prove "not executed" for an attempt with ${attempt.sendCount} ` +
      'call(s) that let a request out: an earlier request may have been executed',
  };
}

function describeProof(proof: NotExecutedProof): string {
  switch (proof.kind) {
    case 'refusal':
      return `a refusal of call ${proof.sendNumber}`;
    case 'no_record':
      return `a lookup made after ${proof.sendCount} call(s)`;
    case 'never_sent':
      return 'never sent';
  }
}
