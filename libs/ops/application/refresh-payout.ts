import { toPayoutView, type PayoutStore, type PayoutView, type PersonStatement } from '@libs/payouts/application';
import { PayoutError } from '@libs/payouts/domain';
import { isPolled, type ReconcileResult } from '@libs/reconciliation/application';
import type { Clock } from '@libs/platform/time';
import type { AuditLogStore } from '@libs/clients/application';
import type { OpsActor } from './ops-store.port';

/** The reconciliation use case that looks one payout's live attempt up now and applies the answer. */
export interface AttemptRefresher {
  execute(payoutId: string, clock: Clock, source?: string, statement?: PersonStatement): Promise<ReconcileResult>;
}

export interface RefreshResult {
  payout: PayoutView;
  /** What the lookup came to: `found`, `not_found`, `unavailable`, `unparseable`, or `skipped`. */
  outcome: string;
}

/**
 * POST /v1/ops/payouts/{id}/refresh: the poller's own lookup, run now (ReconcileAttempt), so a refresh decides exactly
 * as a poll would and moves the schedule like one. Audited with the acting client, whatever the lookup said, and
 * when refused for the payout's status.
 */
export class RefreshPayout {
  constructor(
    private readonly payouts: PayoutStore,
    private readonly refresher: AttemptRefresher,
    private readonly audit: AuditLogStore,
    private readonly clock: Clock,
  ) {}

  async execute(payoutId: string, actor: OpsActor, reason: string): Promise<RefreshResult> {
    const before = await this.payouts.payouts.find(payoutId);
    if (!before) throw new PayoutError('not_found', `no payout ${payoutId}`);
    if (!isPolled(before.status)) {
      // Refused, and audited all the same (as a refused resolve is): who tried, why, and what stopped it.
      await this.audited(payoutId, actor, reason, { from: before.status, refused: 'invalid_state' });
      throw new PayoutError(
        'invalid_state',
        `a payout in status ${before.status} is not looked up at a provider; refresh works in submitting, processing and manual_review`,
      );
    }
    // The lookup's event names the operator who asked and carries their reason, as a resolve's does, so the payout's
    // timeline shows who looked and why; the audit row keeps it too.
    const result = await this.refresher.execute(payoutId, this.clock, `ops:${actor.id}`, {
      statedBy: actor.id,
      reason,
    });
    if (result.kind === 'rate_limited') {
      throw new PayoutError('rate_limited', "the provider's request budget is spent for now; refresh again shortly");
    }
    const after = (await this.payouts.payouts.find(payoutId)) ?? before;
    const outcome = result.kind === 'skipped' ? 'skipped' : result.outcome;
    await this.audited(payoutId, actor, reason, {
      lookup: outcome,
      from: before.status,
      to: after.status,
      version: after.version,
    });
    return { payout: toPayoutView(after), outcome };
  }

  /** The audit row of one refresh request, written whatever became of it. */
  private audited(payoutId: string, actor: OpsActor, reason: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.write(
      {
        actorClientId: actor.id,
        action: 'payout.refresh',
        subjectType: 'payout',
        subjectId: payoutId,
        reason,
        details,
      },
      this.clock.now(),
    );
  }
}
