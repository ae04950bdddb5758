import type { RawAnswerFacts, StoredRawAnswer } from '@libs/payouts/application';
import type { RawAnswer, SubmitOutcome } from '@libs/providers/contract';

/** The provider did not answer usefully: these, and only these, count against its circuit. */
const TRANSPORT_REASONS: readonly string[] = ['timeout', 'connection_error', 'server_error', 'token_unavailable'];

export function isTransportFailure(outcome: SubmitOutcome): boolean {
  if (outcome.kind === 'ambiguous') return TRANSPORT_REASONS.includes(outcome.reason);
  return outcome.kind === 'not_executed' && outcome.failure.code === 'provider_unavailable';
}

export const toStoredRaw = (raw: RawAnswer): StoredRawAnswer => ({
  ...(raw.httpStatus !== undefined ? { httpStatus: raw.httpStatus } : {}),
  body: raw.body,
  ...(raw.transportError !== undefined ? { transportError: raw.transportError } : {}),
  requestCount: raw.requestCount,
});

/**
 * The raw answer of an attempt our own circuit breaker stopped before anything was sent. An attempt rejected with it
 * proves nothing about the provider, so routing may choose that provider again for the payout.
 */
export const CIRCUIT_OPEN_ANSWER: StoredRawAnswer = { body: '', transportError: 'circuit_open', requestCount: 0 };

/**
 * Evidence on the event that records a provider's answer to a submission (source `dispatch`). An attempt without such
 * an event was never answered: its worker died before or during the call, so it may be sent again. Lookups by
 * reconciliation write the attempt's raw answer too, so the raw answer alone cannot tell.
 */
export const ANSWERED_ATTEMPT_KEY = 'answeredAttemptId';
export const answerEvidence = (attemptId: string): Record<string, string> => ({ [ANSWERED_ATTEMPT_KEY]: attemptId });

export const wasStoppedByCircuit = (raw: RawAnswerFacts | null): boolean =>
  raw !== null && raw.transportError === CIRCUIT_OPEN_ANSWER.transportError && (raw.requestCount ?? 0) === 0;
