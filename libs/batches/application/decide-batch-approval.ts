import { inLanes } from '@libs/platform/async';
import type { Clock } from '@libs/platform/time';
import type { AuditLogEntry } from '@libs/clients/application';
import {
  approvalReasonOrThrow,
  batchItemDecision,
  VoteTakenError,
  type ApprovalDecision,
  type TransitionPayout,
} from '@libs/payouts/application';
import { PayoutError } from '@libs/payouts/domain';
import { decideBatchVote, type BatchApprover, type BatchToDecide, type BatchVote } from '../domain';
import type { BatchLookup } from './cancel-batch';
import type { BatchView } from './batch-view';

/** What the batch's transaction writes with a vote (BatchApprovalRows.vote). */
export interface BatchVoteWrite {
  vote: { clientId: string; decision: ApprovalDecision; reason: string | null };
  audit: AuditLogEntry;
  now: Date;
  /**
   * When the batch is decided: when the approval expiry job looks at an item the decision left awaiting approval (a
   * crash between the batch's commit and the item's own transition) and applies the decision to it.
   */
  recheckAt: Date;
}

/** The batch side of a decision, on Postgres: payout_batches, batch_approvals, the items' approval record. */
export interface BatchApprovalRows {
  /**
   * One transaction: locks the batch row (FOR UPDATE: two approvers at once queue up and the second decides on what
   * the first committed), asks `decide` (which may refuse by throwing), then writes the vote row (its key refuses a
   * second vote of a client: VoteTakenError), the batch's approval record and status, the same approval record on
   * every item still awaiting approval (with next_check_at = `recheckAt` when the vote decides the batch) and the
   * audit row. Not found -> undefined.
   */
  vote(
    batchId: string,
    decide: (batch: BatchToDecide) => BatchVote,
    write: (vote: BatchVote, batch: BatchToDecide) => BatchVoteWrite,
  ): Promise<BatchVote | undefined>;
  /** The ids of the batch's items still awaiting approval. */
  itemsAwaiting(batchId: string): Promise<string[]>;
}

export interface DecideBatchApprovalOptions {
  /** Items moved at once after a decision, each its own TransitionPayout transaction. */
  concurrency: number;
  /** How long after a decision the expiry job takes over an item the decision has not moved yet. */
  recheckAfterMs: number;
}

export interface BatchDecisionResult {
  batch: BatchView;
  /** Items this decision moved (released or canceled); 0 for a vote that did not decide the batch. */
  itemsDecided: number;
}

/**
 * `POST /v1/payout-batches/{id}/approve|reject` (programs.md "Batches", decision 0013): one decision for every item of a
 * batch awaiting approval, by the batch total. The vote is taken on the batch, under its row lock (decideBatchVote:
 * never the creator, one vote per client, only while awaiting approval and before the deadline), and recorded on the
 * batch and on each item's approval record in that transaction, with one audit row. The vote that decides the batch
 * then moves each item through TransitionPayout in lanes (its own event, source `approval:<client id>`, the approver's
 * name as actor, the reason; batchItemDecision): approved -> `scheduled` or `pending` (due for the batch feeder at once,
 * no dispatch job), rejected -> `canceled` (`rejected_by_approver`), the last item's cancel closing the batch
 * `canceled`. An item the lanes did not reach (a crash) is taken over by the approval expiry job at `recheckAt`.
 */
export class DecideBatchApproval {
  constructor(
    private readonly rows: BatchApprovalRows,
    private readonly batches: BatchLookup,
    private readonly transition: TransitionPayout,
    private readonly clock: Clock,
    private readonly options: DecideBatchApprovalOptions,
  ) {}

  async execute(
    batchId: string,
    approver: BatchApprover,
    decision: ApprovalDecision,
    reasonInput?: unknown,
  ): Promise<BatchDecisionResult> {
    const reason = approvalReasonOrThrow(reasonInput, decision === 'reject');
    const now = this.clock.now();
    let vote: BatchVote | undefined;
    try {
      vote = await this.rows.vote(
        batchId,
        (batch) => decideBatchVote(batch, approver, decision, reason, now),
        (decided, batch) => ({
          vote: { clientId: approver.clientId, decision, reason },
          now,
          recheckAt: new Date(now.getTime() + this.options.recheckAfterMs),
          audit: {
            actorClientId: approver.clientId,
            action: `payout_batch.${decision}`,
            subjectType: 'payout_batch',
            subjectId: batchId,
            reason,
            details: {
              owner: batch.clientId,
              approvals: decided.approval.approvals.length,
              required: decided.approval.required,
              policyVersion: decided.approval.policyVersion,
              outcome: decided.outcome ?? 'recorded',
            },
          },
        }),
      );
    } catch (error) {
      if (error instanceof VoteTakenError) {
        throw new PayoutError('forbidden', 'this client has already decided on this batch');
      }
      throw error;
    }
    if (vote === undefined) throw new PayoutError('not_found', `no payout batch ${batchId}`);
    let itemsDecided = 0;
    if (vote.outcome !== null) {
      const itemIds = await this.rows.itemsAwaiting(batchId);
      await inLanes(itemIds, this.options.concurrency, async (payoutId) => {
        const result = await this.transition.decide(payoutId, async ({ payout }) =>
          batchItemDecision(payout, this.clock.now()),
        );
        if (result?.decision.kind === 'applied') itemsDecided += 1;
      });
    }
    // The approver may read the batch it decided, whichever client created it.
    const batch = await this.batches.get(batchId, { clientId: approver.clientId, seesAllClients: true });
    return { batch, itemsDecided };
  }
}
