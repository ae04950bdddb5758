import type { AttemptChange, AttemptRecord, StoredRawAnswer } from '@libs/payouts/application';
import { isSettled, type FailureCode, type NormalizedFailure, type PayoutStatus } from '@libs/payouts/domain';
import type { LookupOutcome, ProviderCapabilities, RawAnswer } from '@libs/providers/contract';
import { scaledMs } from '@libs/platform/time';
import type { ScheduleContext } from './poll-store.port';

export interface PollInput {
  /** The payout's status as read after the lookup. */
  status: PayoutStatus;
  attempt: AttemptRecord;
  outcome: LookupOutcome;
  capabilities: ProviderCapabilities;
  context: ScheduleContext;
  /** Whether any webhook about the attempt has arrived (for the manual-review window). */
  hasWebhook: boolean;
  now: Date;
  timeScale: number;
  /**
   * A refusal in this lookup (a replayed create refused again) answers the first and only call of the attempt that
   * let a request out. False after a timeout, a crash mid-call or a resend: then it proves nothing (invariant 2a).
   */
  refusalAnswersOnlyCall?: boolean;
}

export interface PollDecision {
  /** The status the lookup asks for; the payout's own status when it changes nothing. */
  to: PayoutStatus;
  /** `to` differs from the payout's status: a change, and a new schedule if it is applied. */
  moves: boolean;
  failure?: NormalizedFailure;
  failover?: boolean;
  attemptChange: AttemptChange;
  /** Ops must look (a provider said something that cannot be reconciled). */
  flag?: boolean;
  /** Hand the payout to dispatch again (failover). */
  redispatch?: boolean;
  /** Why, in a few words, for the event's evidence. */
  why: string;
}

/** Not executed for one of these reasons: another provider may take the payout. Anything else fails it. */
const FAILOVER_FAILURES: ReadonlySet<FailureCode> = new Set([
  'insufficient_provider_balance',
  'limit_exceeded',
  'provider_unavailable',
]);

/** Why an attempt the provider has no record of (after its consistency window) is rejected. */
const NO_RECORD: NormalizedFailure = {
  code: 'provider_unavailable',
  message: 'the provider has no record of the attempt: it was never executed',
  providerCode: 'not_found',
};

export const storedAnswer = (raw: RawAnswer): StoredRawAnswer | undefined =>
  // A call that sent nothing (rate budget spent) has no answer worth replacing the last one with.
  raw.requestCount === 0 ? undefined : { ...raw };

function unchanged(input: PollInput, why: string, flag = false): PollDecision {
  const lastRawAnswer = storedAnswer(input.outcome.raw);
  return {
    to: input.status,
    moves: false,
    attemptChange: { polled: true, ...(lastRawAnswer ? { lastRawAnswer } : {}) },
    why,
    ...(flag ? { flag } : {}),
  };
}

/**
 * What one lookup means for a payout (pure; the caller applies it through TransitionPayout). "Not found" proves
 * nothing unless the adapter says so; an answer that moves a payout back where it came from is not news.
 */
export function decidePoll(input: PollInput): PollDecision {
  const { outcome } = input;
  switch (outcome.kind) {
    case 'found':
      return decideFound(input, outcome);
    case 'not_found':
      return decideNotFound(input, outcome);
    case 'unavailable':
      return unchanged(input, `lookup unavailable: ${outcome.reason}`);
    case 'unparseable':
      return unchanged(input, `lookup unparseable: ${outcome.reason}`);
  }
}

function decideFound(input: PollInput, outcome: LookupOutcome & { kind: 'found' }): PollDecision {
  const { status, attempt, capabilities, context, now, timeScale } = input;
  const { signal } = outcome;
  let to: PayoutStatus = signal.status;
  let why = `provider says ${signal.providerStatus}`;
  if (status === 'processing' && signal.status === 'processing' && capabilities.manualReviewAfterMs !== undefined) {
    const acceptedAt = attempt.submittedAt ?? attempt.createdAt;
    const windowMs = scaledMs(capabilities.manualReviewAfterMs, timeScale);
    if (!input.hasWebhook && now.getTime() - acceptedAt.getTime() >= windowMs) {
      to = 'manual_review';
      why = `no webhook within ${capabilities.manualReviewAfterMs} ms of acceptance and the provider still says ${signal.providerStatus}`;
    }
  }
  // A provider's manual review looks like "pending" from outside (one status code before and during it): a lookup that says
  // what the last one said is no release, so only a different answer may take the payout back to processing.
  if (
    status === 'manual_review' &&
    signal.status === 'processing' &&
    (context.lastLookupProviderStatus === undefined || context.lastLookupProviderStatus === signal.providerStatus)
  ) {
    to = 'manual_review';
    why = `still in review: the provider says ${signal.providerStatus}, as last time`;
  }
  const lastRawAnswer = storedAnswer(outcome.raw);
  const attemptChange: AttemptChange = {
    polled: true,
    ...(lastRawAnswer ? { lastRawAnswer } : {}),
    ...(attempt.providerId === null ? { providerId: outcome.providerId } : {}),
    ...(isSettled(signal.status)
      ? { status: 'completed' as const }
      : attempt.status === 'submitting'
        ? { status: 'accepted' as const }
        : {}),
    // The attempt shows why it ended as the payout does (a completed attempt with no failure reads as a success).
    ...(signal.failure ? { failure: signal.failure } : {}),
  };
  return {
    to,
    moves: to !== status,
    ...(signal.failure && to === signal.status ? { failure: signal.failure } : {}),
    attemptChange,
    why,
  };
}

function decideNotFound(input: PollInput, outcome: LookupOutcome & { kind: 'not_found' }): PollDecision {
  const { status } = input;
  // A refusal of our own credentials on a replayed create says nothing about the first create [A]; no refusal does
  // once an earlier request of the attempt may have been executed (2a).
  if (outcome.failure !== undefined && input.refusalAnswersOnlyCall === false)
    return unchanged(
      input,
      `refused (${outcome.failure.code}) after an earlier request went unanswered: proves nothing`,
    );
  const proves = outcome.provesNotExecuted && outcome.failure?.code !== 'provider_unavailable';
  if (!proves) return unchanged(input, 'not found at the provider (proves nothing yet)');
  if (status !== 'submitting') {
    // The provider acknowledged this attempt earlier and now has no record of it: only people can sort that out.
    return unchanged(input, `the provider has no record of an attempt it acknowledged (${status})`, true);
  }
  const lastRawAnswer = storedAnswer(outcome.raw);
  const base = { polled: true, ...(lastRawAnswer ? { lastRawAnswer } : {}) };
  const failure = outcome.failure;
  if (failure !== undefined && !FAILOVER_FAILURES.has(failure.code)) {
    return {
      to: 'failed',
      moves: true,
      failure,
      attemptChange: { ...base, status: 'rejected', failure },
      why: `the provider refused the attempt: ${failure.code}`,
    };
  }
  const notExecuted = failure ?? NO_RECORD;
  return {
    to: 'pending',
    moves: true,
    failover: true,
    redispatch: true,
    failure: notExecuted,
    attemptChange: { ...base, status: 'rejected', failure: notExecuted },
    why: 'the provider proves the attempt was never executed: failover',
  };
}
