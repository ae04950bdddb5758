import type { ProviderCodeRule, ProviderCodeTable } from '../contract/code-rule';
import { IDEMPOTENCY_CONFLICT_CODE, INSUFFICIENT_BALANCE_CODE } from './pientegra.assumptions';

const refusedNoFailover = (failure: 'invalid_beneficiary' | 'amount_out_of_range'): ProviderCodeRule => ({
  outcome: 'not_executed',
  failure,
  moneyMayHaveMoved: false,
  failoverAllowed: false,
});

// Our credentials were refused before anything was processed; another provider may take the payout.
const credentialsRefused: ProviderCodeRule = {
  outcome: 'not_executed',
  failure: 'provider_unavailable',
  moneyMayHaveMoved: false,
  failoverAllowed: true,
};

/**
 * Pientegra create errors -> our outcome (payout-lifecycle.md). Keys are `error.code` values, or `http_<status>` for
 * answers without a code. 400/422 codes mean "the request itself is bad": nothing created, no failover. Anything not
 * listed is `ambiguous` (look up, decide later), never a failure.
 */
export const PIENTEGRA_CODES: ProviderCodeTable = {
  validation_failed: refusedNoFailover('invalid_beneficiary'),
  amount_below_min: refusedNoFailover('amount_out_of_range'),
  amount_above_max: refusedNoFailover('amount_out_of_range'),
  // The key was already used with another body: something exists under it, and it may be paid.
  [IDEMPOTENCY_CONFLICT_CODE]: { outcome: 'ambiguous', moneyMayHaveMoved: true, failoverAllowed: false },
  // Nothing created; another provider (or this one after a top-up) may pay it.
  [INSUFFICIENT_BALANCE_CODE]: {
    outcome: 'not_executed',
    failure: 'insufficient_provider_balance',
    moneyMayHaveMoved: false,
    failoverAllowed: true,
  },
  unauthorized: credentialsRefused,
  forbidden: credentialsRefused,
  http_401: credentialsRefused,
  http_403: credentialsRefused,
};

/** The table key of a 4xx answer: its error code when it is in the table, else its HTTP status. */
export function pientegraCodeKey(errorCode: string | undefined, httpStatus: number): string {
  if (errorCode !== undefined && Object.prototype.hasOwnProperty.call(PIENTEGRA_CODES, errorCode)) return errorCode;
  const byStatus = `http_${httpStatus}`;
  return Object.prototype.hasOwnProperty.call(PIENTEGRA_CODES, byStatus) ? byStatus : (errorCode ?? byStatus);
}
