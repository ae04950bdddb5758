import { PayoutError, type ApprovalRecord } from '@libs/payouts/domain';
import type { BatchStatus } from './batch-status';

/** The batch as locked for a decision. */
export interface BatchToDecide {
  id: string;
  clientId: string;
  status: BatchStatus;
  approval: ApprovalRecord | null;
}

export interface BatchApprover {
  clientId: string;
  clientName: string;
}

export interface BatchVote {
  /** The batch's approval record after this vote (also written onto every item still awaiting approval). */
  approval: ApprovalRecord;
  /** The batch's status after this vote: `open` once approved; a rejected batch is closed by its last item's cancel. */
  status: BatchStatus;
  /** `approved` / `rejected` when this vote decides the batch; null for an approval that is not the last needed. */
  outcome: 'approved' | 'rejected' | null;
}

/**
 * One approver's decision on a batch (programs.md "Batches", decision 0013), under the batch's row lock: refused
 * (`409 invalid_state`) unless the batch awaits approval, is not rejected already and is before its deadline (at the
 * deadline the expiry job owns it: every item ends `approval_expired`); refused (`403 forbidden`) to the batch's creator
 * and to a client that already voted (its vote row is the authority; this is the early answer).
 */
export function decideBatchVote(
  batch: BatchToDecide,
  approver: BatchApprover,
  decision: 'approve' | 'reject',
  reason: string | null,
  now: Date,
): BatchVote {
  const approval = batch.approval;
  if (batch.status !== 'awaiting_approval' || approval === null || approval.rejection !== undefined) {
    const state = approval?.rejection !== undefined ? 'rejected' : batch.status;
    throw new PayoutError(
      'invalid_state',
      `payout batch ${batch.id} is ${state}: only a batch awaiting approval can be approved or rejected`,
    );
  }
  if (now.getTime() >= new Date(approval.expiresAt).getTime()) {
    throw new PayoutError(
      'invalid_state',
      `payout batch ${batch.id} passed its approval deadline (${approval.expiresAt}): its items expire`,
    );
  }
  if (batch.clientId === approver.clientId) {
    throw new PayoutError('forbidden', 'the client that created a batch cannot approve or reject it');
  }
  if (approval.approvals.some((vote) => vote.clientId === approver.clientId)) {
    throw new PayoutError('forbidden', 'this client has already approved this batch');
  }
  const vote = { clientId: approver.clientId, clientName: approver.clientName, at: now.toISOString(), reason };
  if (decision === 'reject') {
    return { approval: { ...approval, rejection: vote }, status: 'awaiting_approval', outcome: 'rejected' };
  }
  const approvals = [...approval.approvals, vote];
  const approved = approvals.length >= approval.required;
  return {
    approval: { ...approval, approvals },
    status: approved ? 'open' : 'awaiting_approval',
    outcome: approved ? 'approved' : null,
  };
}
