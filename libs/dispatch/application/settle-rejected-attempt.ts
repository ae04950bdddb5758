import { dispatchPayoutMessage, type StoredRawAnswer, type TransitionPayout } from '@libs/payouts/application';
import type { NormalizedFailure, NotExecutedProof } from '@libs/payouts/domain';
import type { Clock } from '@libs/platform/time';
import {
  BALANCE_HOLD,
  type DispatchMetrics,
  type DispatchTiming,
  type DispatchWrites,
  type StoredRouting,
} from './dispatch.ports';
import { storedRouting, type RoutePayout } from './route-payout';

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
   * Why the attempt is definitively not executed; TransitionPayout checks it against the attempt's row under the
   * lock (2a). `never_sent` (our own circuit stopped the first send): back to pending whatever routing says now, and
   * its provider stays a candidate for the next dispatch.
   */
  proof: NotExecutedProof;
  /** Call 1 of the attempt was claimed with it and let no request out: its claim is given back (unsentClaimOf). */
  unsentClaim?: boolean;
}

export type SettleResult = 'failover' | 'failed' | 'superseded' | 'not_proven' | 'waiting';

/**
 * An attempt proven not executed. With failover allowed and another provider eligible now: the attempt is rejected
 * and the payout goes back to pending with a new dispatch job (failover, lifecycle (*)). A refusal for the provider's
 * balance with nowhere else to go: back to pending, held for a top-up (money-movement.md), until
 * INSUFFICIENT_BALANCE_WAIT from when the hold began. Otherwise the payout fails with the provider's normalized
 * failure. Read, decided and written in one transaction under the payout's row lock (2c), so the attempt and the
 * payout change together and nothing commits in between. Reconciliation calls this too when a lookup proves an
 * attempt was never executed.
 */
export class SettleRejectedAttempt {
  constructor(
    private readonly transition: TransitionPayout,
    private readonly route: RoutePayout,
    private readonly context: { clock: Clock; metrics: DispatchMetrics; timing: DispatchTiming },
    /** Writes the hold of a payout a balance refusal sends back to pending; absent: such a payout fails. */
    private readonly holds?: Pick<DispatchWrites, 'reschedulePending'>,
  ) {}

  async execute(rejected: RejectedAttempt): Promise<SettleResult> {
    const { clock, metrics, timing } = this.context;
    let provider = '';
    let outcome = 'failed' as 'failover' | 'failed' | 'waiting';
    let hold: { routing: StoredRouting; nextCheckAt: Date; now: Date } | undefined;
    const result = await this.transition.decide(rejected.payoutId, async (locked) => {
      const { payout } = locked;
      if (payout.status !== 'submitting') return undefined;
      const attempts = await locked.attempts();
      const attempt = attempts.find((candidate) => candidate.id === rejected.attemptId);
      if (!attempt || attempt.status !== 'submitting') return undefined;
      provider = attempt.provider;
      const now = clock.now();
      const options = {
        attemptUpdate: {
          attemptId: attempt.id,
          status: 'rejected' as const,
          failure: rejected.failure,
          ...(rejected.raw !== undefined ? { lastRawAnswer: rejected.raw } : {}),
        },
        notExecutedProof: rejected.proof,
        ...(rejected.unsentClaim ? { unsentClaimOf: attempt.id } : {}),
      };
      const evidence = {
        attemptId: attempt.id,
        reference: attempt.reference,
        failure: rejected.failure,
        proof: rejected.proof,
        ...(rejected.evidence ?? {}),
      };
      const neverSent = rejected.proof.kind === 'never_sent';
      let next: string | undefined;
      let route: Awaited<ReturnType<RoutePayout['execute']>> | undefined;
      if (!neverSent && rejected.failoverAllowed) {
        // Read in the decision's transaction: round trips, not transactions of their own.
        route = await this.route.execute(payout, attempts, now, [attempt.provider], [], {
          transaction: locked.store.transaction,
        });
        if (route.kind === 'routed') next = route.provider;
      }
      const heldSince = payout.holdSince ?? now;
      if (
        !neverSent &&
        next === undefined &&
        this.holds !== undefined &&
        rejected.failure.code === 'insufficient_provider_balance' &&
        now.getTime() - heldSince.getTime() < timing.insufficientBalanceWaitMs
      ) {
        outcome = 'waiting';
        const nextCheckAt = new Date(now.getTime() + timing.redispatchAfterMs);
        const others = route ? storedRouting(route.decision) : undefined;
        hold = {
          now,
          nextCheckAt,
          routing: {
            ruleId: others?.ruleId ?? null,
            ruleVersion: others?.ruleVersion ?? null,
            reason: `${attempt.provider} refused it for its balance and no other provider can take it: waiting for a top-up`,
            providers: others?.providers ?? [],
          },
        };
        return {
          signal: {
            to: 'pending',
            source: rejected.source,
            failover: true,
            evidence: { ...evidence, hold: BALANCE_HOLD },
          },
          options: { ...options, nextCheckAt },
        };
      }
      if (neverSent || next !== undefined) {
        outcome = 'failover';
        return {
          signal: {
            to: 'pending',
            source: rejected.source,
            failover: true,
            evidence: { ...evidence, nextProvider: next ?? null },
          },
          options: {
            ...options,
            extraOutbox: [dispatchPayoutMessage({ payoutId: payout.id })],
            nextCheckAt: new Date(now.getTime() + timing.redispatchAfterMs),
          },
        };
      }
      outcome = 'failed';
      return { signal: { to: 'failed', source: rejected.source, failure: rejected.failure, evidence }, options };
    });
    if (!result) return 'superseded';
    if (result.decision.kind !== 'applied') {
      if (result.decision.reason === 'not_proven') {
        metrics.count(provider, 'refusal_not_proof');
        return 'not_proven';
      }
      return 'superseded';
    }
    if (outcome === 'waiting' && hold && this.holds) {
      // After the commit, as dispatch's own waits are written: the payout is pending, so only its hold is missing.
      await this.holds.reschedulePending(rejected.payoutId, hold.nextCheckAt, hold.routing, {
        reason: BALANCE_HOLD,
        now: hold.now,
      });
    }
    metrics.count(provider, outcome === 'waiting' ? 'balance_hold' : outcome);
    return outcome;
  }
}
