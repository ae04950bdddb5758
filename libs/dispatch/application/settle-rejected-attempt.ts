import {
  dispatchPayoutMessage,
  type NormalizedFailure,
  type StoredRawAnswer,
  type TransitionPayout,
} from '@libs/payouts';
import type { DispatchClock, DispatchMetrics, DispatchReads, DispatchTiming } from './dispatch.ports';
import type { RoutePayout } from './route-payout';

export interface RejectedAttempt {
  payoutId: string;
  attemptId: string;
  /** What the provider said, normalized, with its own code and message. */
  failure: NormalizedFailure;
  /** The provider documents that nothing was created and another provider may be tried. */
  failoverAllowed: boolean;
  raw?: StoredRawAnswer;
  /** `dispatch`, `poll:<provider>`, `ops:<actor>`: the event log's source. */
  source: string;
  evidence?: unknown;
  /**
   * We never sent it (our own circuit stopped it): back to pending whatever routing says now, and its provider stays
   * a candidate for the next dispatch.
   */
  wasNeverSent?: boolean;
}

export type SettleResult = 'failover' | 'failed' | 'superseded';

/**
 * An attempt proven not executed. With failover allowed and another provider eligible now: the attempt is rejected
 * and the payout goes back to pending with a new dispatch job (failover, lifecycle (*)); otherwise the payout fails
 * with the provider's normalized failure. One TransitionPayout call each, so the attempt and the payout change
 * together. Reconciliation calls this too when a lookup proves an attempt was never executed.
 */
export class SettleRejectedAttempt {
  constructor(
    private readonly transition: TransitionPayout,
    private readonly reads: Pick<DispatchReads, 'findPayout' | 'listAttempts'>,
    private readonly route: RoutePayout,
    private readonly context: { clock: DispatchClock; metrics: DispatchMetrics; timing: DispatchTiming },
  ) {}

  async execute(rejected: RejectedAttempt): Promise<SettleResult> {
    const { clock, metrics, timing } = this.context;
    const payout = await this.reads.findPayout(rejected.payoutId);
    const attempts = await this.reads.listAttempts(rejected.payoutId);
    const attempt = attempts.find((candidate) => candidate.id === rejected.attemptId);
    if (!payout || !attempt || payout.status !== 'submitting' || attempt.status !== 'submitting') return 'superseded';

    const now = clock.now();
    const attemptUpdate = {
      attemptId: attempt.id,
      status: 'rejected' as const,
      failure: rejected.failure,
      ...(rejected.raw !== undefined ? { lastRawAnswer: rejected.raw } : {}),
    };
    const evidence = {
      attemptId: attempt.id,
      reference: attempt.reference,
      failure: rejected.failure,
      ...(rejected.evidence ?? {}),
    };
    let next: string | undefined;
    if (!rejected.wasNeverSent && rejected.failoverAllowed) {
      const route = await this.route.execute(payout, attempts, now, [attempt.provider]);
      if (route.kind === 'routed') next = route.provider;
    }
    if (rejected.wasNeverSent || next !== undefined) {
      const result = await this.transition.apply(
        payout.id,
        {
          to: 'pending',
          source: rejected.source,
          failover: true,
          evidence: { ...evidence, nextProvider: next ?? null },
        },
        {
          attemptUpdate,
          extraOutbox: [dispatchPayoutMessage({ payoutId: payout.id })],
          nextCheckAt: new Date(now.getTime() + timing.redispatchAfterMs),
        },
      );
      if (result.decision.kind !== 'applied') return 'superseded';
      metrics.count(attempt.provider, 'failover');
      return 'failover';
    }
    const result = await this.transition.apply(
      payout.id,
      { to: 'failed', source: rejected.source, failure: rejected.failure, evidence },
      { attemptUpdate },
    );
    if (result.decision.kind !== 'applied') return 'superseded';
    metrics.count(attempt.provider, 'failed');
    return 'failed';
  }
}
