import { PayoutError } from '@libs/payouts/domain';
import type { OpsActor } from './ops-store.port';

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** What an approval decision is made on: one payout, or a batch (one decision for all its items). */
export type ApprovalSubject = 'payout' | 'batch';

/**
 * The approvals' own use cases (POST /v1/payouts/{id}/approve|reject and the batch ones), as the console calls them:
 * the same checks (payouts:approve, never the creator, once per client, only while awaiting approval), event and
 * audit row as the JSON API. Throws their errors (PayoutError `invalid_state`, `forbidden`, `not_found`).
 */
export interface ApprovalDecisions {
  decide(
    subject: ApprovalSubject,
    id: string,
    decision: ApprovalDecision,
    approver: OpsActor,
    reason: string | undefined,
  ): Promise<void>;
  /** Whether batch decisions are there to call (the console shows their buttons only then). */
  readonly decidesBatches: boolean;
}

export const REASON_MAX = 500;

/**
 * An approval decision from the /ops console, as the signed-in client (who must hold payouts:approve; the approvals
 * use case refuses the creator and a second approval by the same client). A reject states why (programs.md:
 * `reject { reason }`); an approval may. A reject without a reason is refused here, before anything is called.
 */
export class DecideApproval {
  constructor(private readonly decisions: ApprovalDecisions) {}

  get decidesBatches(): boolean {
    return this.decisions.decidesBatches;
  }

  async execute(
    subject: ApprovalSubject,
    id: string,
    decision: ApprovalDecision,
    approver: OpsActor,
    reason: string,
  ): Promise<void> {
    const stated = reason.trim().slice(0, REASON_MAX);
    if (decision === 'reject' && stated === '') {
      throw new PayoutError('validation_failed', 'a rejection states its reason');
    }
    if (subject === 'batch' && !this.decisions.decidesBatches) {
      throw new PayoutError('invalid_state', 'batch approvals are not available here yet');
    }
    await this.decisions.decide(subject, id, decision, approver, stated === '' ? undefined : stated);
  }
}
