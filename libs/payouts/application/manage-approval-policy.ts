import { plainTextProblem } from '@libs/platform/text';
import type { Clock } from '@libs/platform/time';
import { DomainValidationError, readApprovalRulesOrThrow, type ApprovalPolicy } from '../domain';
import type { ApprovalPolicyCache } from './approval-policy-cache';
import type { ApprovalPolicyRows, ApprovalPolicyVersion } from './approval-ports';

export const POLICY_REASON_MAX_LENGTH = 500;

/** The policy as GET and PUT /v1/approval-policy answer it (amounts as minor-unit strings). */
export interface ApprovalPolicyView {
  version: number;
  rules: { minAmount: string; currency: string; approvals: 1 | 2; clientIds?: string[] }[];
  setBy: string | null;
  reason: string | null;
  setAt: string | null;
}

export const toApprovalPolicyView = (policy: ApprovalPolicyVersion): ApprovalPolicyView => ({
  version: policy.version,
  rules: policy.rules.map((rule) => ({
    minAmount: rule.minAmount.toString(),
    currency: rule.currency,
    approvals: rule.approvals,
    ...(rule.clientIds ? { clientIds: [...rule.clientIds] } : {}),
  })),
  setBy: policy.setBy,
  reason: policy.reason,
  setAt: policy.setAt?.toISOString() ?? null,
});

/**
 * The approval policy (programs.md): read it, or replace it as a whole with a new version (`rules: []` clears it),
 * with a reason, audited in the same transaction like a routing rule change. Anything invalid (approvals other than
 * 1 or 2, a bad amount, a currency no payout can have, a client that does not exist) is refused naming every field,
 * and nothing changes.
 */
export class ManageApprovalPolicy {
  constructor(
    private readonly rows: ApprovalPolicyRows,
    private readonly cache: ApprovalPolicyCache,
    private readonly clock: Clock,
    private readonly currencies: readonly string[],
  ) {}

  async get(): Promise<ApprovalPolicyView> {
    const current = await this.rows.current();
    this.cache.learn(current);
    return toApprovalPolicyView(current);
  }

  async replace(body: { rules?: unknown; reason?: unknown }, actorClientId: string): Promise<ApprovalPolicyView> {
    const reason = policyReasonOrThrow(body.reason);
    const rules = readApprovalRulesOrThrow(body.rules, this.currencies);
    const ids = [...new Set(rules.flatMap((rule) => rule.clientIds ?? []))];
    const unknown = ids.length > 0 ? await this.rows.unknownClients(ids) : [];
    if (unknown.length > 0) {
      throw new DomainValidationError(
        rules.flatMap((rule, index) =>
          (rule.clientIds ?? []).some((id) => unknown.includes(id))
            ? [{ field: `rules[${index}].clientIds`, message: `no client has the id(s) ${unknown.join(', ')}` }]
            : [],
        ),
      );
    }
    const saved = await this.rows.replace({ rules, reason, actorClientId, now: this.clock.now() });
    this.cache.learn(saved as ApprovalPolicy);
    return toApprovalPolicyView(saved);
  }
}

function policyReasonOrThrow(input: unknown): string {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') {
    throw new DomainValidationError([{ field: 'reason', message: 'is required: say why you change the policy' }]);
  }
  if (text.length > POLICY_REASON_MAX_LENGTH) {
    throw new DomainValidationError([
      { field: 'reason', message: `must be at most ${POLICY_REASON_MAX_LENGTH} characters` },
    ]);
  }
  const problem = plainTextProblem(text);
  if (problem) throw new DomainValidationError([{ field: 'reason', message: problem }]);
  return text;
}
