import { plainTextProblem } from '@libs/platform/text';
import type { Clock } from '@libs/platform/time';
import { approvalSource, DomainValidationError, PayoutError, type ApprovalRecord, type PayoutSignal } from '../domain';
import { dispatchPayoutMessage } from './payout-jobs';
import { VoteTakenError } from './payout-store.port';
import type { PayoutRecord } from './payout-record';
import { toPayoutView, type PayoutView } from './payout-view';
import type { TransitionOptions, TransitionPayout } from './transition-payout';

export type ApprovalDecision = 'approve' | 'reject';

/** The client deciding: never the one that created the payout, one decision per payout. */
export interface Approver {
  clientId: string;
  clientName: string;
}

export const APPROVAL_REASON_MAX_LENGTH = 500;

export interface DecideApprovalsOptions {
  /** A payout released to pending is looked at by the reaper this long after if its dispatch job is lost. */
  firstCheckAfterMs: number;
}

/** One payout's outcome in a decision on a set: its view, or the error it answered. */
export type DecisionOutcome = { payoutId: string; payout: PayoutView } | { payoutId: string; error: PayoutError };

/**
 * Approve or reject payouts awaiting approval (programs.md, maker-checker). Each decision is one TransitionPayout
 * decision under the payout's row lock, so two approvers at once queue up and each counts the other's vote: the vote
 * row (payout_approvals, one per client: its key refuses a second), the approval record, the event (source
 * `approval:<client id>`, the reason on its evidence), the audit row and, with the last approval needed, the status
 * change and its dispatch job commit together. The last approval moves the payout to `scheduled` while its
 * `scheduledFor` is still ahead, else to `pending` with its dispatch job; a rejection cancels it
 * (`rejected_by_approver`). A vote that is not the last is an event that changes no status.
 *
 * `decideMany` decides a set of single payouts payout by payout, each in its own transaction (a batch's items are
 * decided with their batch: DecideBatchApproval in libs/batches, decision 0013).
 */
export class DecideApprovals {
  constructor(
    private readonly transition: TransitionPayout,
    private readonly clock: Clock,
    private readonly options: DecideApprovalsOptions,
  ) {}

  async decide(
    payoutId: string,
    approver: Approver,
    decision: ApprovalDecision,
    reasonInput?: unknown,
  ): Promise<PayoutView> {
    const reason = approvalReasonOrThrow(reasonInput, decision === 'reject');
    return this.decideChecked(payoutId, approver, decision, reason);
  }

  async decideMany(
    payoutIds: readonly string[],
    approver: Approver,
    decision: ApprovalDecision,
    reasonInput?: unknown,
  ): Promise<DecisionOutcome[]> {
    const reason = approvalReasonOrThrow(reasonInput, decision === 'reject');
    const outcomes: DecisionOutcome[] = [];
    for (const payoutId of payoutIds) {
      try {
        outcomes.push({ payoutId, payout: await this.decideChecked(payoutId, approver, decision, reason) });
      } catch (error) {
        if (!(error instanceof PayoutError)) throw error;
        outcomes.push({ payoutId, error });
      }
    }
    return outcomes;
  }

  private async decideChecked(
    payoutId: string,
    approver: Approver,
    decision: ApprovalDecision,
    reason: string | null,
  ): Promise<PayoutView> {
    try {
      const result = await this.transition.decide(payoutId, async ({ payout }) => {
        if (payout.status !== 'awaiting_approval' || payout.approval === null) {
          throw new PayoutError(
            'invalid_state',
            `payout ${payoutId} is ${payout.status}: only a payout awaiting approval can be approved or rejected`,
          );
        }
        if (payout.batchId !== null) {
          // Decision 0013: a batch has one approval decision for all its items, never one item alone.
          throw new PayoutError(
            'invalid_state',
            `payout ${payoutId} is an item of batch ${payout.batchId}: it is approved or rejected only with its batch ` +
              `(POST /v1/payout-batches/${payout.batchId}/approve or /reject)`,
          );
        }
        if (payout.clientId === approver.clientId) {
          throw new PayoutError('forbidden', 'the client that created a payout cannot approve or reject it');
        }
        if (payout.approval.approvals.some((vote) => vote.clientId === approver.clientId)) {
          throw new PayoutError('forbidden', 'this client has already approved this payout');
        }
        const now = this.clock.now();
        const approval: ApprovalRecord = {
          ...payout.approval,
          approvals:
            decision === 'approve'
              ? [
                  ...payout.approval.approvals,
                  { clientId: approver.clientId, clientName: approver.clientName, at: now.toISOString(), reason },
                ]
              : payout.approval.approvals,
        };
        const source = approvalSource(approver.clientId);
        const evidence = { statedBy: approver.clientId, reason: reason ?? 'approved', decision };
        const common: TransitionOptions = {
          actor: approver.clientId,
          approval,
          vote: { clientId: approver.clientId, decision, reason },
          audit: {
            actorClientId: approver.clientId,
            action: `payout.${decision}`,
            subjectType: 'payout',
            subjectId: payoutId,
            reason,
            details: {
              owner: payout.clientId,
              approvals: approval.approvals.length,
              required: approval.required,
              policyVersion: approval.policyVersion,
            },
          },
        };
        let signal: PayoutSignal;
        let options: TransitionOptions = common;
        if (decision === 'reject') {
          signal = {
            to: 'canceled',
            source,
            evidence,
            failure: { code: 'rejected_by_approver', message: `rejected by ${approver.clientName}: ${reason}` },
          };
        } else if (approval.approvals.length < approval.required) {
          // Not the last approval: recorded (vote, record, event, audit), the status stays.
          signal = { to: 'awaiting_approval', source, evidence };
        } else if (payout.scheduledFor !== null && payout.scheduledFor.getTime() > now.getTime()) {
          signal = { to: 'scheduled', source, evidence };
          options = { ...common, nextCheckAt: payout.scheduledFor };
        } else {
          signal = { to: 'pending', source, evidence };
          options = {
            ...common,
            nextCheckAt: new Date(now.getTime() + this.options.firstCheckAfterMs),
            extraOutbox: [dispatchPayoutMessage({ payoutId })],
          };
        }
        return { signal, options };
      });
      if (!result) throw new PayoutError('invalid_state', `payout ${payoutId} was not decided`);
      return toPayoutView(result.payout);
    } catch (error) {
      if (error instanceof VoteTakenError) {
        throw new PayoutError('forbidden', 'this client has already decided on this payout');
      }
      throw error;
    }
  }
}

/**
 * What a batch item awaiting approval becomes once its batch is decided (decision 0013), read from the item's own
 * approval record, which the batch decision writes onto every item it covers in its own transaction: a rejection ->
 * `canceled` (`rejected_by_approver`); enough approvals -> `scheduled` while its `scheduledFor` is ahead, else
 * `pending`, due for the batch feeder at once (no dispatch job of its own, decision 0012). Undefined while the batch is
 * undecided (or for a payout that is not a batch item awaiting approval). The batch decision applies it to each item
 * right away; the approval expiry job applies it to any item left behind (a crash in between).
 */
export function batchItemDecision(
  payout: PayoutRecord,
  now: Date,
): { signal: PayoutSignal; options: TransitionOptions } | undefined {
  const approval = payout.approval;
  if (payout.batchId === null || payout.status !== 'awaiting_approval' || approval === null) return undefined;
  const batch = payout.batchId;
  if (approval.rejection) {
    const vote = approval.rejection;
    return {
      signal: {
        to: 'canceled',
        source: approvalSource(vote.clientId),
        evidence: { statedBy: vote.clientId, reason: vote.reason ?? 'rejected', decision: 'reject', batchId: batch },
        failure: {
          code: 'rejected_by_approver',
          message: `rejected with its batch by ${vote.clientName}: ${vote.reason}`,
        },
      },
      options: { actor: vote.clientId },
    };
  }
  if (approval.approvals.length < approval.required) return undefined;
  const vote = approval.approvals[approval.approvals.length - 1];
  const source = approvalSource(vote.clientId);
  const evidence = { statedBy: vote.clientId, reason: vote.reason ?? 'approved', decision: 'approve', batchId: batch };
  if (payout.scheduledFor !== null && payout.scheduledFor.getTime() > now.getTime()) {
    return {
      signal: { to: 'scheduled', source, evidence },
      options: { actor: vote.clientId, nextCheckAt: payout.scheduledFor },
    };
  }
  return { signal: { to: 'pending', source, evidence }, options: { actor: vote.clientId, nextCheckAt: now } };
}

/** The trimmed reason: required to reject, optional to approve (null when absent). */
export function approvalReasonOrThrow(input: unknown, required: boolean): string | null {
  if (input !== undefined && input !== null && typeof input !== 'string') {
    throw new DomainValidationError([{ field: 'reason', message: 'must be a string' }]);
  }
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') {
    if (!required) return null;
    throw new DomainValidationError([{ field: 'reason', message: 'is required to reject a payout: say why' }]);
  }
  if (text.length > APPROVAL_REASON_MAX_LENGTH) {
    throw new DomainValidationError([
      { field: 'reason', message: `must be at most ${APPROVAL_REASON_MAX_LENGTH} characters` },
    ]);
  }
  const problem = plainTextProblem(text);
  if (problem) throw new DomainValidationError([{ field: 'reason', message: problem }]);
  return text;
}
