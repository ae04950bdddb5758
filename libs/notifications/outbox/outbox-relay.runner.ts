import { IDLE_POLL_MS, IdlePollInterval } from '@libs/platform/queues';
import type { OutboxRelay, RelayLogger } from './outbox-relay';

/**
 * Polls the outbox every `pollIntervalMs`, one drain at a time per process; the next poll is timed from the end of
 * the last drain, so a slow drain never queues up others behind it.
 *
 * Why a poll and not LISTEN/NOTIFY: a transaction that notifies takes a server-wide lock at commit and keeps it until
 * its commit record is flushed, so every intake and status change (each writes outbox rows) committed after the one
 * before it instead of sharing a WAL flush. Measured with pgbench, 8 clients each committing one outbox insert: about
 * 600 transactions/s with the statement-level NOTIFY trigger, 2,700-3,250 without, on the same 2-core machine. A poll costs one index probe on `outbox_unpublished_idx` when nothing
 * waits (`hasUnpublished`) and, under load, gathers the rows of many commits into one batch (one `addBulk` per
 * queue). After a poll that published rows, the next one skips the probe: rows are likely waiting again, and the
 * claim costs one transaction as the probe would. A poll that finds nothing doubles the wait before the next, up to
 * 250 ms (IdlePollInterval): every poll is a Postgres transaction, and an idle relay at 50 ms made 20 a second.
 */
export class OutboxRelayRunner {
  private draining?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private running = false;
  private busy = false;
  private readonly interval: IdlePollInterval;

  constructor(
    private readonly relay: OutboxRelay,
    pollIntervalMs: number,
    private readonly logger: RelayLogger,
  ) {
    this.interval = new IdlePollInterval(pollIntervalMs, IDLE_POLL_MS);
  }

  start(): Promise<void> {
    this.running = true;
    this.busy = true; // rows committed while no relay ran: drain without probing first
    this.poll();
    return Promise.resolve();
  }

  /**
   * Stops polling and waits for the drain in flight; with `abandonEnqueue` (Redis is unreachable) that drain rolls its
   * batch back at once instead of waiting out the enqueue timeout.
   */
  async stop(options: { abandonEnqueue?: boolean } = {}): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (options.abandonEnqueue) this.relay.abandon();
    await this.draining;
  }

  private poll(): void {
    this.timer = undefined;
    this.draining = this.pollOnce()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'outbox relay failed');
        return false;
      })
      .then((foundWork) => {
        this.draining = undefined;
        if (this.running) this.timer = setTimeout(() => this.poll(), this.interval.next(foundWork));
      });
  }

  /** Whether it published anything. */
  private async pollOnce(): Promise<boolean> {
    if (!this.busy && !(await this.relay.hasUnpublished())) return false;
    this.busy = (await this.relay.drain()) > 0;
    return this.busy;
  }
}
