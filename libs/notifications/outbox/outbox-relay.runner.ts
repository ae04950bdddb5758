import type { OutboxListener } from './outbox-listener';
import type { OutboxRelay, RelayLogger } from './outbox-relay';

/**
 * Runs the relay when a NOTIFY arrives and on a fixed sweep, never two drains at once in one process: a wake-up
 * during a drain schedules exactly one more.
 */
export class OutboxRelayRunner {
  private draining?: Promise<void>;
  private again = false;
  private sweep?: NodeJS.Timeout;
  private readonly listener: OutboxListener;

  constructor(
    private readonly relay: OutboxRelay,
    listen: (onNotify: () => void) => OutboxListener,
    private readonly sweepIntervalMs: number,
    private readonly logger: RelayLogger,
  ) {
    this.listener = listen(() => this.wake());
  }

  async start(): Promise<void> {
    this.sweep = setInterval(() => this.wake(), this.sweepIntervalMs);
    await this.listener.start();
    this.wake();
  }

  /**
   * Stops waking the relay and waits for the drain in flight; with `abandonEnqueue` (Redis is unreachable) that drain
   * rolls its batch back at once instead of waiting out the enqueue timeout.
   */
  async stop(options: { abandonEnqueue?: boolean } = {}): Promise<void> {
    clearInterval(this.sweep);
    this.sweep = undefined;
    if (options.abandonEnqueue) this.relay.abandon();
    await this.listener.stop();
    await this.draining;
  }

  wake(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.relay
      .drain()
      .then(
        () => undefined,
        (error: unknown) => this.logger.error({ err: error }, 'outbox relay failed'),
      )
      .finally(() => {
        this.draining = undefined;
        if (this.again && this.sweep) {
          this.again = false;
          this.wake();
        }
      });
  }
}
