import type { ApprovalPolicy, ApprovalRule, MinorUnits } from '../domain';

/** A rule as stored in approval_policies.rules and shown by the API: the amount as a minor-unit string. */
export interface ApprovalRuleJson {
  minAmount: string;
  currency: string;
  approvals: 1 | 2;
  clientIds?: string[];
}

export interface ApprovalPolicyJson {
  version: number;
  rules: ApprovalRuleJson[];
}

export const ruleToJson = (rule: ApprovalRule): ApprovalRuleJson => ({
  minAmount: rule.minAmount.toString(),
  currency: rule.currency,
  approvals: rule.approvals,
  ...(rule.clientIds ? { clientIds: [...rule.clientIds] } : {}),
});

/** Rows written by this code only (checked by readApprovalRulesOrThrow before): read back without a second check. */
export const policyFromJson = (json: ApprovalPolicyJson): ApprovalPolicy => ({
  version: json.version,
  rules: json.rules.map((rule) => ({
    minAmount: BigInt(rule.minAmount) as MinorUnits,
    currency: rule.currency,
    approvals: rule.approvals,
    ...(rule.clientIds ? { clientIds: rule.clientIds } : {}),
  })),
});
