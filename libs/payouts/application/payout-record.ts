import type { ApprovalRecord, HoldReason, MinorUnits, NormalizedFailure, PayoutStatus, Rail } from '../domain';

/** How routing chose the provider (api.md `routing`). */
export interface RoutingRecord {
  ruleId: string | null;
  ruleVersion: number | null;
  reason: string;
  /** For every provider, whether it was eligible and why (written by dispatch when it routes). */
  providers?: { provider: string; eligible: boolean; reason: string }[];
}

/** A payout as stored, without the sealed IBAN and national id (only `loadBeneficiaryForSubmission` opens those). */
export interface PayoutRecord {
  id: string;
  clientId: string;
  status: PayoutStatus;
  version: number;
  amount: MinorUnits;
  currency: string;
  beneficiary: { name: string; ibanLast4: string; bankCode: string | null };
  customer: { id: string; label?: string } | null;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  requestedProvider: string | null;
  provider: string | null;
  /** The provider's own id of the latest attempt, once known. */
  providerReference: string | null;
  routing: RoutingRecord | null;
  failure: NormalizedFailure | null;
  nextCheckAt: Date | null;
  needsAttention: boolean;
  contradiction: boolean;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /**
   * The release time the client asked for, or the EFT opening dispatch held it for (`holdReason` rail_closed); the
   * payout is `scheduled` until then. Null when paid at once.
   */
  scheduledFor: Date | null;
  /** What the approval policy asked of it and who approved; null when it needed no approval. */
  approval: ApprovalRecord | null;
  /** The batch the payout is an item of, and the client's reference for the item in it; both null for a single payout. */
  batchId: string | null;
  itemReference: string | null;
  /** The rail it travels on (money-movement.md); null before routing chose one. */
  rail: Rail | null;
  /** When it is expected to complete on that rail; null while unknown. */
  expectedCompletionAt: Date | null;
  /** Why it is held back by the world outside (balance, closed rail); null when it is not. */
  holdReason: HoldReason | null;
  /**
   * When the current wait for a provider balance began (INSUFFICIENT_BALANCE_WAIT counts from it): kept through the
   * payout's round trips to submitting that a balance refusal brings back, cleared once it moves on for good.
   */
  holdSince: Date | null;
}

/**
 * `submitting`: created, being sent, or sent with an unknown outcome (money may have moved).
 * `accepted`: the provider acknowledged it; the payout's status follows what it reports.
 * `completed`: the provider reported a final outcome (paid, failed after acceptance, returned).
 * `rejected`: definitively not executed; the only status that lets the payout get a new attempt.
 */
export const ATTEMPT_STATUSES = ['submitting', 'accepted', 'completed', 'rejected'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/**
 * What an attempt keeps in clear of the provider's last answer: facts the state machine and routing read (a circuit
 * stop is `transportError: circuit_open` with no request). The body itself is sealed at rest and purged after
 * PROVIDER_BODY_RETENTION; only ops views open it (docs/decisions/0006-provider-bodies-at-rest.md).
 */
export interface RawAnswerFacts {
  httpStatus?: number;
  transportError?: string;
  requestCount?: number;
}

/** The provider's answer as received; `body` stays a string so 64-bit ids are never parsed into numbers here. */
export interface StoredRawAnswer extends RawAnswerFacts {
  body: string;
}

/** Why a stored answer's body cannot be shown: purged after the retention period, or sealed with a key we lack. */
export type WithheldBody = { reason: 'purged'; purgedAt: string } | { reason: 'unreadable'; detail: string };

/** A stored answer opened for an ops view: the body in clear (to be masked by the view), or why it is withheld. */
export interface OpenedRawAnswer extends StoredRawAnswer {
  withheld?: WithheldBody;
}

export interface AttemptRecord {
  id: string;
  payoutId: string;
  provider: string;
  reference: string;
  providerId: string | null;
  status: AttemptStatus;
  failure: NormalizedFailure | null;
  /** The facts of the last answer; its body is sealed in the row and never read back here. */
  lastRawAnswer: RawAnswerFacts | null;
  pollCount: number;
  lastPolledAt: Date | null;
  submittedAt: Date | null;
  /**
   * Calls of this attempt that let a request out (a send, a resend, a lookup that replays the create), each claimed
   * in Postgres before its first byte left. A refusal proves "not executed" only when it answers call 1 of 1.
   */
  sendCount: number;
  /** When the first request left: from then on money may have moved (invariant 2a). Set once, never cleared. */
  ambiguousSince: Date | null;
  /** When the latest such request left; a provider's consistency window for "not found" runs from it. */
  lastSentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PayoutEventRecord {
  id: string;
  payoutId: string;
  clientId: string;
  version: number;
  from: PayoutStatus | null;
  to: PayoutStatus;
  source: string;
  actor: string | null;
  /** The acting client's name, when `actor` is a client (read with the event; not stored on it). */
  actorName?: string | null;
  evidence: unknown;
  applied: boolean;
  /** This event first flagged the payout as a contradiction (not applied): the client is told once. */
  flagsContradiction: boolean;
  reason: string;
  detail: string;
  /** The payout as the API showed it right after an applied change (or a first contradiction flag); else null. */
  snapshot: Record<string, unknown> | null;
  createdAt: Date;
}

/** Who is asking: a client sees only its own payouts unless it holds `ops:read`. */
export interface PayoutVisibility {
  clientId: string;
  seesAllClients: boolean;
  /** `payouts:approve`: also another client's payout while it awaits approval (nothing else of theirs). */
  seesAwaitingApproval?: boolean;
}
