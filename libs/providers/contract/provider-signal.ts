import type { FailureCode, ListedStatus, NormalizedFailure, ProviderSignal, SignalStatus } from './payout-provider';
import { redactProviderText, TextRedactor } from './provider-logger';

const FAILURE_MESSAGES: Readonly<Record<FailureCode, string>> = {
  insufficient_provider_balance: 'the provider account has insufficient balance for this transfer',
  beneficiary_mismatch: "the beneficiary's name, IBAN or national id does not match the bank's records",
  invalid_beneficiary: 'the provider refused the beneficiary details',
  amount_out_of_range: "the amount is outside the provider's limits",
  limit_exceeded: "the provider's transfer limit is exhausted",
  provider_rejected: 'the provider or its operator rejected the transfer',
  bank_rejected: 'the receiving bank rejected the transfer',
  no_route: 'no provider could take the payout',
  provider_unavailable: 'the provider could not be used',
  canceled: 'the payout was canceled',
  rejected_by_approver: 'an approver rejected the payout',
  approval_expired: 'the payout was not approved in time',
};

/** A failure in our words, with the provider's own code and (redacted) message kept beside it. */
export function normalizedFailure(
  code: FailureCode,
  providerCode?: string,
  providerMessage?: string,
  redact: TextRedactor = redactProviderText,
): NormalizedFailure {
  const failure: NormalizedFailure = { code, message: FAILURE_MESSAGES[code] };
  if (providerCode !== undefined) failure.providerCode = providerCode;
  if (providerMessage !== undefined && providerMessage !== '') failure.providerMessage = redact(providerMessage);
  return failure;
}

/** One row of a provider's status table: its status word -> our signal. */
export interface SignalRule {
  status: SignalStatus;
  failure?: FailureCode;
}

export type SignalTable = Readonly<Record<string, SignalRule>>;

export const signalRuleFor = (table: SignalTable, key: string | undefined): SignalRule | undefined =>
  key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

export function providerSignal(
  rule: SignalRule,
  providerStatus: string,
  extra: { occurredAt?: Date; providerMessage?: string; redact?: TextRedactor } = {},
): ProviderSignal {
  const signal: ProviderSignal = { status: rule.status, providerStatus };
  if (rule.failure !== undefined) {
    signal.failure = normalizedFailure(rule.failure, providerStatus, extra.providerMessage, extra.redact);
  }
  if (extra.occurredAt !== undefined) signal.occurredAt = extra.occurredAt;
  return signal;
}

/** An ISO time from a provider body, or undefined when absent or unreadable. */
export function providerTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export type LookupVerdict = 'confirmed' | 'not_yet' | 'contradicted';

/**
 * Whether a lookup backs a webhook's terminal signal before it is applied (providers whose webhooks are hints).
 * A return shows in a lookup as success (a lookup may not know returns), so success confirms a return.
 * `not_yet`: the record still says in progress; look again later.
 */
export function judgeWebhookByLookup(webhook: SignalStatus, lookup: SignalStatus): LookupVerdict {
  if (lookup === 'processing' || lookup === 'manual_review') {
    return webhook === 'processing' || webhook === 'manual_review' ? 'confirmed' : 'not_yet';
  }
  switch (webhook) {
    case 'succeeded':
      return lookup === 'succeeded' || lookup === 'returned' ? 'confirmed' : 'contradicted';
    case 'returned':
      return lookup === 'succeeded' || lookup === 'returned' ? 'confirmed' : 'contradicted';
    case 'failed':
      return lookup === 'failed' ? 'confirmed' : 'contradicted';
    default:
      return 'confirmed';
  }
}

const LISTED_STATUS_OF: Readonly<Record<SignalStatus, ListedStatus>> = {
  processing: 'pending',
  manual_review: 'pending',
  succeeded: 'paid',
  failed: 'failed',
  returned: 'returned',
};

/** A listing row's status in our words: a provider word its table does not know is `unknown`, never guessed. */
export const listedStatusOf = (rule: SignalRule | undefined): ListedStatus =>
  rule === undefined ? 'unknown' : LISTED_STATUS_OF[rule.status];
