/**
 * How long a poller of Postgres (the outbox relay, the webhook inbox claimer) waits before its next look: its base
 * interval right after a look that found work, doubled after each look that found none, up to `idleMs`. Every look is
 * a Postgres transaction, so an idle worker costs a few per second instead of twenty per poller, while a
 * worker under load keeps the base interval's latency. The first row after an idle spell waits at most `idleMs`.
 */
export class IdlePollInterval {
  private current: number;

  constructor(
    private readonly baseMs: number,
    private readonly idleMs: number,
  ) {
    this.current = baseMs;
  }

  /** The wait before the next look, given whether this one found work. */
  next(foundWork: boolean): number {
    this.current = foundWork ? this.baseMs : Math.min(Math.max(this.idleMs, this.baseMs), this.current * 2);
    return this.current;
  }
}

/** The longest an idle poller waits between looks (IdlePollInterval), unless its own interval is longer. */
export const IDLE_POLL_MS = 250;
