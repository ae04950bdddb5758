import type { ApprovalPolicy } from '../domain';

/**
 * The approval policy as this process last saw it, so the intake decides a payout's status without reading it first
 * (one round trip). Never trusted alone: create_payout_once compares its version with the current one and, when they
 * differ, writes nothing and sends the current policy back (`policy_changed`), which the intake learns and decides
 * again on. Unknown at start (version -1), so the first intake of a process learns it that way.
 */
export class ApprovalPolicyCache {
  private policy: ApprovalPolicy = { version: -1, rules: [] };

  known(): ApprovalPolicy {
    return this.policy;
  }

  /** Keeps the newer of what it knows and `policy` (versions only grow). */
  learn(policy: ApprovalPolicy): void {
    if (policy.version >= this.policy.version) this.policy = policy;
  }
}
