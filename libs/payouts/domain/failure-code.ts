export const FAILURE_CODES = [
  'insufficient_provider_balance',
  'beneficiary_mismatch', // name, IBAN or national id does not match the bank's records
  'invalid_beneficiary',
  'amount_out_of_range',
  'limit_exceeded',
  'provider_rejected', // the provider or its operator refused
  'bank_rejected',
  'no_route',
  'provider_unavailable',
  'canceled',
  'rejected_by_approver', // an approver rejected it while it awaited approval (programs.md)
  'approval_expired', // not approved within APPROVAL_TIMEOUT
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** `payout.failure` as clients see it; the provider's own code and message are kept beside ours. */
export interface NormalizedFailure {
  code: FailureCode;
  message: string;
  providerCode?: string;
  providerMessage?: string;
}

export const isFailureCode = (value: unknown): value is FailureCode =>
  typeof value === 'string' && (FAILURE_CODES as readonly string[]).includes(value);
