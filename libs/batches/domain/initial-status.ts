import { requiredApprovals, type ApprovalPolicy, type ApprovalRecord } from '@libs/payouts/domain';
import type { BatchStatus } from './batch-status';

/** What decides a new batch's status: the batch as a whole (one approval decision covers every item). */
export interface BatchToOpen {
  clientId: string;
  itemCount: number;
  /** Minor units of `currency`. */
  totalAmount: bigint;
  currency: string;
  createdAt: Date;
}

export interface InitialBatchState {
  status: Extract<BatchStatus, 'open' | 'awaiting_approval'>;
  /** The batch's approval record (shared by every item), when the policy asks for approvals; null otherwise. */
  approval: ApprovalRecord | null;
}

/**
 * The status a valid batch is created in (decision 0013). The approval policy is applied to the batch TOTAL, as to
 * one payout of that amount from the batch's client: when it asks for approvals the batch is `awaiting_approval`, its
 * approval record (policy version, approvals required, deadline `approvalTimeoutMs` after creation, no votes yet) is
 * the one every item carries, and its items are `awaiting_approval` until the batch's one decision. Otherwise `open`:
 * its items are `pending` (or `scheduled` until their `scheduledFor`), as single payouts are.
 */
export function initialBatchStatus(
  batch: BatchToOpen,
  policy: ApprovalPolicy,
  approvalTimeoutMs: number,
): InitialBatchState {
  const required = requiredApprovals(policy, {
    amount: batch.totalAmount,
    currency: batch.currency,
    clientId: batch.clientId,
  });
  if (required === 0) return { status: 'open', approval: null };
  const expiresAt = new Date(batch.createdAt.getTime() + approvalTimeoutMs).toISOString();
  return {
    status: 'awaiting_approval',
    approval: { policyVersion: policy.version, required, expiresAt, approvals: [] },
  };
}
