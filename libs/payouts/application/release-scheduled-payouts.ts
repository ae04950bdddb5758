import { claimLeased, inLanes, type LeasedClaims } from '@libs/platform/async';
import type { Clock } from '@libs/platform/time';
import { RELEASE_SOURCE } from '../domain';
import { dispatchPayoutMessage } from './payout-jobs';
import type { TransitionPayout } from './transition-payout';

export interface ReleaseScheduledOptions {
  /** Due payouts claimed per run. */
  batchSize: number;
  /** A claimed payout is hidden from other runs this long; a worker that dies leaves it to come back then. */
  leaseMs: number;
  /** Releases in progress at once. */
  concurrency: number;
  /** A released payout whose dispatch job is lost is picked up by the reaper this long after (scaled). */
  firstCheckAfterMs: number;
}

export interface ReleaseRun {
  claimed: number;
  released: number;
  failures: { payoutId: string; error: unknown }[];
}

/**
 * Releases the scheduled payouts whose time has come, from Postgres rows (programs.md): each goes `scheduled ->
 * pending` through TransitionPayout, whose event, status and dispatch job (an outbox row) commit together; dispatch
 * then takes it as any pending payout. Redis only wakes the run: after a restart or a Redis that comes back empty
 * the rows are still due, so a release is delayed, never lost. A payout is released at most once: the decision reads
 * it under its row lock and writes nothing unless it is still `scheduled` (a second releaser, or a cancel that came
 * first, finds it moved on).
 */
export class ReleaseScheduledPayouts {
  constructor(
    private readonly due: LeasedClaims<string>,
    private readonly transition: TransitionPayout,
    private readonly clock: Clock,
    private readonly options: ReleaseScheduledOptions,
  ) {}

  async run(): Promise<ReleaseRun> {
    const { batchSize, leaseMs, concurrency } = this.options;
    const payoutIds = await claimLeased(this.due, this.clock.now(), { limit: batchSize, leaseMs });
    const run: ReleaseRun = { claimed: payoutIds.length, released: 0, failures: [] };
    await inLanes(payoutIds, concurrency, async (payoutId) => {
      try {
        if (await this.release(payoutId)) run.released += 1;
      } catch (error) {
        run.failures.push({ payoutId, error });
      }
    });
    return run;
  }

  /** Whether this call released the payout (false: it was no longer scheduled). */
  async release(payoutId: string): Promise<boolean> {
    const result = await this.transition.decide(payoutId, async ({ payout }) => {
      if (payout.status !== 'scheduled') return undefined;
      const now = this.clock.now();
      // One held for its closed rail is no longer held: dispatch routes it again (and holds it again if need be). Its
      // hold was committed before it could be claimed, so the lock reads it.
      const released = payout.holdReason !== null ? { moneyMovement: { holdReason: null } } : {};
      // A batch item gets no dispatch job of its own: it is due for the batch feeder (libs/dispatch) at once, which
      // feeds it through the fair-share path like the batch's other items (decision 0012).
      if (payout.batchId !== null)
        return { signal: { to: 'pending', source: RELEASE_SOURCE }, options: { nextCheckAt: now, ...released } };
      return {
        signal: { to: 'pending', source: RELEASE_SOURCE },
        options: {
          nextCheckAt: new Date(now.getTime() + this.options.firstCheckAfterMs),
          extraOutbox: [dispatchPayoutMessage({ payoutId })],
          ...released,
        },
      };
    });
    return result?.decision.kind === 'applied';
  }
}
