import {
  DailyLimitReachedError,
  LiveAttemptExistsError,
  type AttemptRecord,
  type BeneficiaryForSubmission,
  type LockedPayout,
  type PayoutRecord,
  type SendClaim,
  type TransitionOptions,
  type TransitionPayout,
} from '@libs/payouts/application';
import { PayoutError, type PayoutSignal } from '@libs/payouts/domain';
import type { Clock } from '@libs/platform/time';
import type { ApplyResult } from './apply-submit-outcome';
import {
  BALANCE_HOLD,
  type DispatchLease,
  type DispatchMetrics,
  type DispatchReads,
  type DispatchTiming,
  type DispatchWrites,
  type ProviderAdapters,
  type StoredRouting,
} from './dispatch.ports';
import { firstCheckAt } from './next-check';
import { decideRail, railHold, type BankCalendarSource } from './rail-decision';
import { storedRouting, type RoutePayout } from './route-payout';
import type { SendAttempt } from './send-attempt';

export type DispatchResult =
  ApplyResult | 'busy' | 'missing' | 'nothing_to_do' | 'waiting' | 'no_route' | 'rail_closed';

export interface DispatchPayoutDeps {
  reads: DispatchReads;
  writes: DispatchWrites;
  lease: DispatchLease;
  route: RoutePayout;
  transition: TransitionPayout;
  send: SendAttempt;
  adapters: ProviderAdapters;
  /** A new provider reference (a UUID: the idempotency key or our transaction id at the provider). */
  newReference: () => string;
  clock: Clock;
  metrics: DispatchMetrics;
  timing: DispatchTiming;
  /** The bank calendar, read only for a payout that goes by EFT. */
  calendars: BankCalendarSource;
}

/** What the routing decision under the payout's lock found, for what follows its transaction. */
type Routed =
  /** Not pending: the payout as locked, with its attempts. */
  | { kind: 'not_pending'; payout: PayoutRecord; attempts: AttemptRecord[] }
  | { kind: 'wait'; routing: StoredRouting; held: boolean }
  | { kind: 'no_route' }
  /** Held for a provider balance longer than INSUFFICIENT_BALANCE_WAIT: failed. */
  | { kind: 'hold_expired' }
  /** Its rail (EFT) is closed: held scheduled until the window opens. */
  | { kind: 'rail_closed' }
  | { kind: 'submitting'; beneficiary: BeneficiaryForSubmission };

/**
 * The `dispatch-payout` job. A pending payout is routed; the attempt with its new reference is committed
 * `submitting` (with a next check, so a crash leaves it to the reaper and reconciliation) BEFORE the provider is
 * called. A submitting payout whose attempt has no answer recorded (its worker died) is sent again under the same
 * reference. Anything else is already handled: the job does nothing, so duplicates are harmless.
 *
 * The payout, its attempts, the sealed beneficiary, the routing rules, the provider settings and today's usage are
 * read inside the transaction that writes the decision, under the payout's lock (TransitionPayout.decide), and the
 * send's first call is claimed in it: one Postgres transaction from the job to the claimed attempt, where there were
 * eight.
 */
export class DispatchPayout {
  constructor(private readonly deps: DispatchPayoutDeps) {}

  async execute(payoutId: string): Promise<DispatchResult> {
    const lease = await this.deps.lease.acquire(payoutId);
    if (!lease) return 'busy';
    try {
      return await this.dispatch(payoutId);
    } catch (error) {
      if (error instanceof PayoutError && error.code === 'not_found') return 'missing';
      throw error;
    } finally {
      await lease.release();
    }
  }

  private async resendUnanswered(payout: PayoutRecord, attempts: readonly AttemptRecord[]): Promise<DispatchResult> {
    const live = attempts.find((attempt) => attempt.status === 'submitting');
    if (!live || (await this.deps.reads.hasSubmitAnswer(payout.id, live.id))) return 'nothing_to_do';
    return this.deps.send.execute({ payout, attempt: live, retry: 0, isFirstSend: false });
  }

  private async dispatch(payoutId: string): Promise<DispatchResult> {
    const { writes, transition, clock, metrics, timing } = this.deps;
    const now = clock.now();
    // Routing reads usage from a snapshot; the attempt insert reserves the amount atomically (the database refuses it
    // past the daily limit). A refused provider is routed around, once each, so this ends.
    const atDailyLimit: string[] = [];
    for (;;) {
      let routed: Routed | undefined;
      let created;
      let claimed: SendClaim | undefined;
      try {
        created = await transition.within(async (scope) => {
          const result = await scope.decide(payoutId, async (locked) => {
            const decided = await this.decideLocked(locked, now, atDailyLimit);
            routed = decided.routed;
            return decided.decision;
          });
          // Call 1 of the new attempt is claimed as it is inserted (newAttempt.firstSendClaimedAt), in the
          // transaction that commits it: committed before its first byte leaves (2a), as a claim of its own would be,
          // one transaction and one round trip fewer. A crash from here to the send leaves a claimed call that may
          // have been sent, as a crash after a claim of its own did.
          if (result?.decision.kind === 'applied' && result.attempt?.sendCount === 1)
            claimed = { kind: 'claimed', sendNumber: 1 };
          return result;
        });
      } catch (error) {
        if (error instanceof LiveAttemptExistsError) return 'nothing_to_do';
        if (error instanceof DailyLimitReachedError && !atDailyLimit.includes(error.provider)) {
          atDailyLimit.push(error.provider);
          continue;
        }
        throw error;
      }
      if (!routed) throw new Error(`dispatch of payout ${payoutId} decided nothing`);
      switch (routed.kind) {
        case 'not_pending':
          return routed.payout.status === 'submitting'
            ? this.resendUnanswered(routed.payout, routed.attempts)
            : 'nothing_to_do';
        case 'wait':
          await writes.reschedulePending(
            payoutId,
            new Date(now.getTime() + timing.redispatchAfterMs),
            routed.routing,
            routed.held ? { reason: BALANCE_HOLD, now } : undefined,
          );
          metrics.count('none', routed.held ? 'balance_hold' : 'waiting');
          return 'waiting';
        case 'hold_expired':
          metrics.count('none', 'balance_hold_expired');
          return 'failed';
        case 'no_route':
          metrics.count('none', 'no_route');
          return 'no_route';
        case 'rail_closed':
          metrics.count('none', 'rail_closed');
          return 'rail_closed';
        case 'submitting':
          if (created?.decision.kind !== 'applied' || !created.attempt) return 'nothing_to_do';
          return this.deps.send.execute({
            payout: created.payout,
            attempt: created.attempt,
            retry: 0,
            isFirstSend: true,
            beneficiary: routed.beneficiary,
            ...(claimed?.kind === 'claimed' ? { preclaimed: claimed.sendNumber } : {}),
          });
      }
    }
  }

  /**
   * Under the payout's row lock, in its transaction: route a pending payout and decide. The sealed beneficiary is read
   * here too (it says whether a national id is on file, which routing needs, and the send needs it opened).
   */
  private async decideLocked(
    locked: LockedPayout,
    now: Date,
    atDailyLimit: readonly string[],
  ): Promise<{ routed: Routed; decision?: { signal: PayoutSignal; options?: TransitionOptions } }> {
    const { payout, store } = locked;
    const attempts = await locked.attempts();
    if (payout.status !== 'pending') return { routed: { kind: 'not_pending', payout, attempts } };
    const beneficiary = locked.beneficiary();
    const route = await this.deps.route.execute(payout, attempts, now, [], atDailyLimit, {
      hasNationalId: beneficiary.nationalId !== undefined,
      transaction: store.transaction,
    });
    const routing = storedRouting(route.decision);
    if (route.kind === 'wait' && route.hold !== undefined) {
      const heldSince = payout.holdSince ?? now;
      if (now.getTime() - heldSince.getTime() >= this.deps.timing.insufficientBalanceWaitMs) {
        return { routed: { kind: 'hold_expired' }, decision: balanceHoldExpired(routing, heldSince) };
      }
    }
    if (route.kind === 'wait') return { routed: { kind: 'wait', routing, held: route.hold !== undefined } };
    if (route.kind === 'no_route') {
      const reasons = route.decision.providers.map((p) => `${p.provider}: ${p.reason}`).join('; ');
      return {
        routed: { kind: 'no_route' },
        decision: {
          signal: {
            to: 'failed',
            source: 'dispatch',
            failure: { code: 'no_route', message: `no provider can take this payout: ${routing.reason} (${reasons})` },
            evidence: { routing },
          },
        },
      };
    }
    const capabilities = this.deps.adapters.get(route.provider).capabilities;
    const rail = await decideRail(payout.amount, capabilities.rails, now, this.deps.calendars);
    if (rail.kind === 'hold') return { routed: { kind: 'rail_closed' }, decision: railHold(rail, routing) };
    if (rail.kind === 'no_rail') {
      const message = `${route.provider} has no rail for ${payout.amount} minor units (FAST cap, no EFT)`;
      return {
        routed: { kind: 'no_route' },
        decision: {
          signal: { to: 'failed', source: 'dispatch', failure: { code: 'no_route', message }, evidence: { routing } },
        },
      };
    }
    return {
      routed: { kind: 'submitting', beneficiary },
      decision: {
        signal: { to: 'submitting', source: 'dispatch', evidence: { routing } },
        options: {
          newAttempt: {
            provider: route.provider,
            reference: this.deps.newReference(),
            status: 'submitting',
            submittedAt: now,
            firstSendClaimedAt: now,
          },
          route: { provider: route.provider, routing },
          nextCheckAt: firstCheckAt('submitting', capabilities, now, this.deps.timing.timeScale),
          // It moves on: no longer held (a closed rail, a provider balance); the completion comes with acceptance.
          moneyMovement: { rail: rail.rail, holdReason: null },
        },
      },
    };
  }
}

/** The failure of a payout no provider balance covered for INSUFFICIENT_BALANCE_WAIT (counted from `heldSince`). */
export function balanceHoldExpired(
  routing: StoredRouting,
  heldSince: Date,
): { signal: PayoutSignal; options?: TransitionOptions } {
  const reasons = routing.providers.map((p) => `${p.provider}: ${p.reason}`).join('; ');
  return {
    signal: {
      to: 'failed',
      source: 'dispatch',
      failure: {
        code: 'insufficient_provider_balance',
        message: `no provider balance covered the payout since ${heldSince.toISOString()} (${reasons})`,
      },
      evidence: { routing, heldSince: heldSince.toISOString() },
    },
  };
}
