import type { Clock } from '@libs/platform/time';
import type { DispatchJobs, DispatchLease } from './dispatch.ports';

export interface UnansweredAttempt {
  payoutId: string;
  attemptId: string;
  provider: string;
  createdAt: Date;
}

export interface ReaperRows {
  /**
   * Pending payouts whose next check is due and that are older than `createdBefore`, locked with SKIP LOCKED (so
   * several reapers share them); their next check moves to `pushTo` in the same transaction.
   */
  claimDuePending(params: { now: Date; createdBefore: Date; pushTo: Date; limit: number }): Promise<string[]>;
  /** Submitting attempts with no answer recorded, created inside the window, of these providers. */
  unansweredAttempts(params: {
    createdBefore: Date;
    createdAfter: Date;
    providers: readonly string[];
    limit: number;
  }): Promise<UnansweredAttempt[]>;
}

export interface ReaperOptions {
  /** Scaled already. */
  reapAfterMs: number;
  /** Scaled already. */
  redispatchAfterMs: number;
  /** How long after its creation an unanswered attempt may still be resent, per provider. */
  resubmitHorizonMs: (provider: string) => number;
  providers: () => readonly string[];
  batchSize: number;
}

/**
 * Finds dispatch work no live job holds and enqueues it again: pending payouts whose next check is due (their job was
 * lost, or they wait for a provider), and attempts sent without any answer recorded (their worker died mid-call) —
 * resent under the same reference while that is still safe, left to reconciliation's lookup after. The job ids are
 * bucketed by time, so reapers in several workers enqueue each piece of work once per window.
 */
export class ReapDispatches {
  constructor(
    private readonly rows: ReaperRows,
    private readonly lease: DispatchLease,
    private readonly jobs: DispatchJobs,
    private readonly options: ReaperOptions,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ redispatched: number; resubmitted: number }> {
    const now = this.clock.now();
    const bucket = Math.floor(now.getTime() / this.options.reapAfterMs);
    const staleBefore = new Date(now.getTime() - this.options.reapAfterMs);

    const due = await this.rows.claimDuePending({
      now,
      createdBefore: staleBefore,
      pushTo: new Date(now.getTime() + this.options.redispatchAfterMs),
      limit: this.options.batchSize,
    });
    const pendingHeld = await this.lease.heldAmong(due);
    const redispatch = due.filter((payoutId) => !pendingHeld.has(payoutId));
    for (const payoutId of redispatch) await this.jobs.redispatch(payoutId, `redispatch-${payoutId}-${bucket}`);

    const providers = this.options.providers();
    const longestHorizonMs = Math.max(0, ...providers.map((provider) => this.options.resubmitHorizonMs(provider)));
    const unanswered = (
      await this.rows.unansweredAttempts({
        createdBefore: staleBefore,
        createdAfter: new Date(now.getTime() - longestHorizonMs),
        providers,
        limit: this.options.batchSize,
      })
    ).filter((a) => now.getTime() - a.createdAt.getTime() <= this.options.resubmitHorizonMs(a.provider));
    const attemptsHeld = await this.lease.heldAmong(unanswered.map((a) => a.payoutId));
    const resubmit = unanswered.filter((a) => !attemptsHeld.has(a.payoutId));
    for (const attempt of resubmit) {
      await this.jobs.resubmit(
        { payoutId: attempt.payoutId, attemptId: attempt.attemptId, retry: 0 },
        { delayMs: 0, jobId: `reap-${attempt.attemptId}-${bucket}` },
      );
    }
    return { redispatched: redispatch.length, resubmitted: resubmit.length };
  }
}
