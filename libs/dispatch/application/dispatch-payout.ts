import {
  DailyLimitReachedError,
  LiveAttemptExistsError,
  type PayoutRecord,
  type TransitionPayout,
} from '@libs/payouts';
import type { ApplyResult } from './apply-submit-outcome';
import type {
  DispatchClock,
  DispatchLease,
  DispatchMetrics,
  DispatchReads,
  DispatchTiming,
  DispatchWrites,
  ProviderAdapters,
} from './dispatch.ports';
import { firstCheckAt } from './next-check';
import { storedRouting, type RoutePayout } from './route-payout';
import type { SendAttempt } from './send-attempt';

export type DispatchResult = ApplyResult | 'busy' | 'missing' | 'nothing_to_do' | 'waiting' | 'no_route';

export interface DispatchPayoutDeps {
  reads: DispatchReads;
  writes: DispatchWrites;
  lease: DispatchLease;
  route: RoutePayout;
  transition: TransitionPayout;
  send: SendAttempt;
  adapters: ProviderAdapters;
  /** A new provider reference (a UUID: Pientegra's Idempotency-Key, Sipay's ext_transaction_id). */
  newReference: () => string;
  clock: DispatchClock;
  metrics: DispatchMetrics;
  timing: DispatchTiming;
}

/**
 * The `dispatch-payout` job. A pending payout is routed; the attempt with its new reference is committed
 * `submitting` (with a next check, so a crash leaves it to the reaper and reconciliation) BEFORE the provider is
 * called. A submitting payout whose attempt has no answer recorded (its worker died) is sent again under the same
 * reference. Anything else is already handled: the job does nothing, so duplicates are harmless.
 */
export class DispatchPayout {
  constructor(private readonly deps: DispatchPayoutDeps) {}

  async execute(payoutId: string): Promise<DispatchResult> {
    const lease = await this.deps.lease.acquire(payoutId);
    if (!lease) return 'busy';
    try {
      const payout = await this.deps.reads.findPayout(payoutId);
      if (!payout) return 'missing';
      if (payout.status === 'submitting') return await this.resendUnanswered(payout);
      if (payout.status !== 'pending') return 'nothing_to_do';
      return await this.dispatchPending(payout);
    } finally {
      await lease.release();
    }
  }

  private async resendUnanswered(payout: PayoutRecord): Promise<DispatchResult> {
    const attempts = await this.deps.reads.listAttempts(payout.id);
    const live = attempts.find((attempt) => attempt.status === 'submitting');
    if (!live || (await this.deps.reads.hasSubmitAnswer(payout.id, live.id))) return 'nothing_to_do';
    return this.deps.send.execute({ payout, attempt: live, retry: 0, isFirstSend: false });
  }

  private async dispatchPending(payout: PayoutRecord): Promise<DispatchResult> {
    const { reads, writes, route, transition, clock, metrics, timing } = this.deps;
    const now = clock.now();
    const attempts = await reads.listAttempts(payout.id);
    // Routing reads usage from a snapshot; the attempt insert reserves the amount atomically (the database refuses it
    // past the daily limit). A refused provider is routed around, once each, so this ends.
    const atDailyLimit: string[] = [];
    for (;;) {
      const routed = await route.execute(payout, attempts, now, [], atDailyLimit);
      const routing = storedRouting(routed.decision);
      if (routed.kind === 'wait') {
        await writes.reschedulePending(payout.id, new Date(now.getTime() + timing.redispatchAfterMs), routing);
        metrics.count('none', 'waiting');
        return 'waiting';
      }
      if (routed.kind === 'no_route') {
        const reasons = routed.decision.providers.map((p) => `${p.provider}: ${p.reason}`).join('; ');
        await transition.apply(payout.id, {
          to: 'failed',
          source: 'dispatch',
          failure: { code: 'no_route', message: `no provider can take this payout: ${routing.reason} (${reasons})` },
          evidence: { routing },
        });
        metrics.count('none', 'no_route');
        return 'no_route';
      }
      const capabilities = this.deps.adapters.get(routed.provider).capabilities;
      let created;
      try {
        created = await transition.apply(
          payout.id,
          { to: 'submitting', source: 'dispatch', evidence: { routing } },
          {
            newAttempt: {
              provider: routed.provider,
              reference: this.deps.newReference(),
              status: 'submitting',
              submittedAt: now,
            },
            route: { provider: routed.provider, routing },
            nextCheckAt: firstCheckAt('submitting', capabilities, now, timing.timeScale),
          },
        );
      } catch (error) {
        if (error instanceof LiveAttemptExistsError) return 'nothing_to_do';
        if (error instanceof DailyLimitReachedError && !atDailyLimit.includes(routed.provider)) {
          atDailyLimit.push(routed.provider);
          continue;
        }
        throw error;
      }
      if (created.decision.kind !== 'applied' || !created.attempt) return 'nothing_to_do';
      return this.deps.send.execute({ payout: created.payout, attempt: created.attempt, retry: 0, isFirstSend: true });
    }
  }
}
