/**
 * BullMQ keeps job schedulers (our pollers, reapers and sweepers) in Redis, and our Redis runs without persistence:
 * a restart forgets them, and every sweeper would stay silent until a worker restarts. Upserting a scheduler is
 * idempotent, so each processor registers its schedulers at start-up and again on a timer; after a Redis wipe the
 * sweepers come back by themselves and find their work in Postgres (lifecycle invariant 8).
 */
export class JobSchedulerKeeper {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly register: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly everyMs = 10_000,
  ) {}

  async start(): Promise<void> {
    await this.register();
    this.timer = setInterval(() => this.register().catch(this.onError), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
