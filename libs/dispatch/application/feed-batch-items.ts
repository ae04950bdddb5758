import type { Clock } from '@libs/platform/time';

/** The pending batch items the feeder takes, from Postgres rows (the truth; Redis only carries the jobs). */
export interface BatchItemRows {
  /**
   * Up to `limit` pending batch items due at `now`, taken in turns across the open batches (oldest batch first): every
   * batch's first due item, then every batch's second, and so on. Locked with SKIP LOCKED (feeders share the work) and
   * leased (next_check_at = `leaseUntil`) in the same transaction, so the next run does not take them again while
   * their jobs wait; a job lost with Redis brings its item back when the lease ends. In the order to enqueue them.
   */
  claimDue(params: { now: Date; limit: number; leaseUntil: Date; maxBatches: number }): Promise<string[]>;
}

/** The batch items' dispatch jobs: on the dispatch queue, behind every single payout's job (a BullMQ priority). */
export interface BatchDispatchJobs {
  /** Batch-item dispatch jobs waiting to run (not counting running ones). */
  waiting(): Promise<number>;
  enqueue(payoutIds: readonly string[]): Promise<void>;
}

export interface FeedBatchItemsOptions {
  /** Batch-item jobs waiting at most, over all batches. */
  window: number;
  /** How long a fed item is hidden from the next runs (scaled already). */
  leaseMs: number;
  /** Open batches taken in turns per run, oldest first. */
  maxBatches: number;
}

/**
 * Fair share between batches and single payouts (programs.md "Batches", decision 0012): a batch's items reach the
 * dispatch queue only through this feeder, a bounded number at a time and with a priority, so a single payout's job
 * (never prioritized, which BullMQ runs before any prioritized job) waits behind at most the batch jobs already running,
 * never behind the whole batch. Batches take turns, oldest first. Dispatch itself is unchanged: its claim and lease
 * stay the only sender, routing and provider budgets set the pace (an item no provider can take now waits in its row
 * and comes back here when due).
 */
export class FeedBatchItems {
  constructor(
    private readonly rows: BatchItemRows,
    private readonly jobs: BatchDispatchJobs,
    private readonly clock: Clock,
    private readonly options: FeedBatchItemsOptions,
  ) {}

  async run(): Promise<{ waiting: number; fed: number }> {
    const waiting = await this.jobs.waiting();
    const room = this.options.window - waiting;
    if (room <= 0) return { waiting, fed: 0 };
    const now = this.clock.now();
    const payoutIds = await this.rows.claimDue({
      now,
      limit: room,
      leaseUntil: new Date(now.getTime() + this.options.leaseMs),
      maxBatches: this.options.maxBatches,
    });
    if (payoutIds.length > 0) await this.jobs.enqueue(payoutIds);
    return { waiting, fed: payoutIds.length };
  }
}
