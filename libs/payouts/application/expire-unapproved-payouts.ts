import { claimLeased, inLanes, type LeasedClaims } from '@libs/platform/async';
import type { Clock } from '@libs/platform/time';
import { APPROVAL_EXPIRY_SOURCE } from '../domain';
import { batchItemDecision } from './decide-approvals';
import type { TransitionPayout } from './transition-payout';

export interface ExpireUnapprovedOptions {
  batchSize: number;
  leaseMs: number;
  concurrency: number;
}

export interface ExpiryRun {
  claimed: number;
  expired: number;
  failures: { payoutId: string; error: unknown }[];
}

/**
 * Cancels the payouts still awaiting approval at their deadline (APPROVAL_TIMEOUT after creation) as
 * `approval_expired`, from Postgres rows like the release of scheduled payouts (ReleaseScheduledPayouts): claimed with
 * SKIP LOCKED under a lease, each canceled through TransitionPayout only if it still awaits approval under its row
 * lock (an approval or a cancel that came first wins). A restart or an emptied Redis delays an expiry, never loses it.
 */
export class ExpireUnapprovedPayouts {
  constructor(
    private readonly due: LeasedClaims<string>,
    private readonly transition: TransitionPayout,
    private readonly clock: Clock,
    private readonly options: ExpireUnapprovedOptions,
  ) {}

  async run(): Promise<ExpiryRun> {
    const { batchSize, leaseMs, concurrency } = this.options;
    const payoutIds = await claimLeased(this.due, this.clock.now(), { limit: batchSize, leaseMs });
    const run: ExpiryRun = { claimed: payoutIds.length, expired: 0, failures: [] };
    await inLanes(payoutIds, concurrency, async (payoutId) => {
      try {
        if (await this.expire(payoutId)) run.expired += 1;
      } catch (error) {
        run.failures.push({ payoutId, error });
      }
    });
    return run;
  }

  async expire(payoutId: string): Promise<boolean> {
    const result = await this.transition.decide(payoutId, async ({ payout }) => {
      if (payout.status !== 'awaiting_approval') return undefined;
      // A batch item whose batch was decided (its decision is on the item) but that was left behind: the decision, not
      // an expiry (decision 0013). The batch decision is refused at its deadline, so the two never race.
      const decided = batchItemDecision(payout, this.clock.now());
      if (decided) return decided;
      const deadline = payout.approval ? new Date(payout.approval.expiresAt) : undefined;
      // Claimed early (a lease ending before the deadline cannot happen, but a clock may step): not yet.
      if (deadline && deadline.getTime() > this.clock.now().getTime()) return undefined;
      return {
        signal: {
          to: 'canceled',
          source: APPROVAL_EXPIRY_SOURCE,
          failure: { code: 'approval_expired', message: 'not approved before its approval deadline' },
        },
      };
    });
    return result?.decision.kind === 'applied' && result.payout.failure?.code === 'approval_expired';
  }
}
