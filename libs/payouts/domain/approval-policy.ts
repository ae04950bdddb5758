import type { FieldError } from '@libs/platform/errors';
import { DomainValidationError } from './domain-error';
import { minorUnitsProblem, type MinorUnits } from './money';

/** A rule needs at most this many approvals (programs.md: `approvals: 1 | 2`). */
export const APPROVALS_MAX = 2;
const RULES_MAX = 100;
const CLIENT_IDS_MAX = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An amount of `currency` at or above `minAmount` (inclusive), from one of `clientIds` (every client when absent),
 * needs `approvals` approvals.
 */
export interface ApprovalRule {
  minAmount: MinorUnits;
  currency: string;
  approvals: 1 | 2;
  clientIds?: readonly string[];
}

/** The approval policy at a version; version 0 with no rules is "no policy yet". */
export interface ApprovalPolicy {
  version: number;
  rules: readonly ApprovalRule[];
}

export const emptyApprovalPolicy = (): ApprovalPolicy => ({ version: 0, rules: [] });

/** What a policy is asked about: one payout, or a batch by its total (the batches' caller sums its items). */
export interface ApprovalSubject {
  amount: bigint;
  currency: string;
  clientId: string;
}

/**
 * How many approvals `subject` needs under `policy`: the most among the rules that match it, 0 when none matches
 * (no policy, or `rules: []`, needs none). Pure: the intake and the batches apply the same rule.
 */
export function requiredApprovals(policy: ApprovalPolicy, subject: ApprovalSubject): 0 | 1 | 2 {
  let required: 0 | 1 | 2 = 0;
  for (const rule of policy.rules) {
    if (rule.currency !== subject.currency || subject.amount < rule.minAmount) continue;
    if (rule.clientIds !== undefined && !rule.clientIds.includes(subject.clientId)) continue;
    if (rule.approvals > required) required = rule.approvals;
  }
  return required;
}

/** One approver's approval, as the payout object shows it. */
export interface ApprovalVote {
  clientId: string;
  clientName: string;
  /** ISO 8601. */
  at: string;
  reason: string | null;
}

/** `approval` on a payout the policy held: the version that applied, how many it needs, who approved so far. */
export interface ApprovalRecord {
  policyVersion: number;
  required: number;
  /** ISO 8601: when the payout, still unapproved, ends `canceled` (`approval_expired`). */
  expiresAt: string;
  approvals: ApprovalVote[];
  /**
   * A batch item only (decision 0013): the rejection its batch was given, recorded on the item with the decision so the
   * item's own cancel (right after, or the expiry job's retry) can follow it. Absent otherwise.
   */
  rejection?: ApprovalVote;
}

/**
 * Reads a policy's `rules` as sent (JSON), listing every problem with its field (`rules[2].approvals`): amounts are
 * minor-unit strings, `currency` one of `currencies`, `approvals` 1 or 2, `clientIds` (optional) a non-empty list of
 * distinct ids. Whether those clients exist is the caller's question (it has the store).
 */
export function readApprovalRulesOrThrow(input: unknown, currencies: readonly string[]): ApprovalRule[] {
  if (!Array.isArray(input)) {
    throw new DomainValidationError([{ field: 'rules', message: 'must be a list of rules ([] clears the policy)' }]);
  }
  if (input.length > RULES_MAX) {
    throw new DomainValidationError([{ field: 'rules', message: `must hold at most ${RULES_MAX} rules` }]);
  }
  const errors: FieldError[] = [];
  const rules: ApprovalRule[] = [];
  input.forEach((raw: unknown, index) => {
    const at = `rules[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ field: at, message: 'must be an object { minAmount, currency, approvals, clientIds? }' });
      return;
    }
    const rule = raw as Record<string, unknown>;
    const unknownKeys = Object.keys(rule).filter(
      (key) => !['minAmount', 'currency', 'approvals', 'clientIds'].includes(key),
    );
    for (const key of unknownKeys) errors.push({ field: `${at}.${key}`, message: 'is not a field of a rule' });
    const amountProblem = minorUnitsProblem(rule.minAmount);
    if (amountProblem !== undefined) errors.push({ field: `${at}.minAmount`, message: amountProblem });
    if (typeof rule.currency !== 'string' || !currencies.includes(rule.currency)) {
      errors.push({ field: `${at}.currency`, message: `must be one of ${currencies.join(', ')}` });
    }
    if (rule.approvals !== 1 && rule.approvals !== 2) {
      errors.push({ field: `${at}.approvals`, message: `must be 1 or 2 (at most ${APPROVALS_MAX} approvals)` });
    }
    let clientIds: string[] | undefined;
    if (rule.clientIds !== undefined) {
      const ids = rule.clientIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > CLIENT_IDS_MAX) {
        errors.push({ field: `${at}.clientIds`, message: `must be a list of 1 to ${CLIENT_IDS_MAX} client ids` });
      } else if (!ids.every((id) => typeof id === 'string' && UUID.test(id))) {
        errors.push({ field: `${at}.clientIds`, message: 'must hold client ids (UUIDs)' });
      } else if (new Set(ids.map((id: string) => id.toLowerCase())).size !== ids.length) {
        errors.push({ field: `${at}.clientIds`, message: 'must not repeat a client id' });
      } else {
        clientIds = ids.map((id: string) => id.toLowerCase());
      }
    }
    if (errors.length === 0) {
      rules.push({
        minAmount: BigInt(rule.minAmount as string) as MinorUnits,
        currency: rule.currency as string,
        approvals: rule.approvals as 1 | 2,
        ...(clientIds ? { clientIds } : {}),
      });
    }
  });
  if (errors.length > 0) throw new DomainValidationError(errors);
  return rules;
}
