import type { ApprovalPolicy, ApprovalRule } from '../domain';
import type { PayoutRecord } from './payout-record';

/** The approval policy as the API shows it, with who set it, when and why (null before any). */
export interface ApprovalPolicyVersion extends ApprovalPolicy {
  setBy: string | null;
  reason: string | null;
  setAt: Date | null;
}

/** approval_policies: one row per version, the newest current. */
export interface ApprovalPolicyRows {
  current(): Promise<ApprovalPolicyVersion>;
  /** Of `clientIds`, those no client has. */
  unknownClients(clientIds: readonly string[]): Promise<string[]>;
  /**
   * Writes the next version and its audit row (`approval_policy.updated`, before and after) in one transaction,
   * serialized with any other change of the policy; returns the new version.
   */
  replace(change: {
    rules: readonly ApprovalRule[];
    reason: string;
    actorClientId: string;
    now: Date;
  }): Promise<ApprovalPolicyVersion>;
}

/** The payouts awaiting approval, of every client, oldest first by (createdAt, id). */
export interface AwaitingApprovalRows {
  list(after: { createdAt: Date; id: string } | undefined, limit: number): Promise<PayoutRecord[]>;
}
