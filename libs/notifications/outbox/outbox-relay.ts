import type { JobsOptions, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { Counter } from 'prom-client';
import { metricsRegistry } from '@libs/platform/metrics';

const published = new Counter({
  name: 'outbox_published_total',
  help: 'Outbox rows enqueued as BullMQ jobs, by queue',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});
const failures = new Counter({
  name: 'outbox_relay_failures_total',
  help: 'Relay batches rolled back (Redis or Postgres unavailable); their rows are retried',
  registers: [metricsRegistry],
});

/** Places where a test can make the worker die, to prove a crash loses and duplicates nothing. */
export const OUTBOX_FAULT_POINTS = ['outbox-before-enqueue', 'outbox-after-enqueue'] as const;
export type OutboxFaultPoint = (typeof OUTBOX_FAULT_POINTS)[number];

/**
 * Crash hooks of the relay. The worker binds NO_OUTBOX_FAULTS under OUTBOX_FAULTS; only a test root module (under
 * test/) binds hooks that end the process, so no setting of the production build can arm one.
 */
export interface OutboxFaults {
  at(point: OutboxFaultPoint): void;
}
export const OUTBOX_FAULTS = Symbol('OUTBOX_FAULTS');
export const NO_OUTBOX_FAULTS: OutboxFaults = { at: () => undefined };

export interface OutboxRow {
  id: string;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
}

/** The two calls the relay makes; Nest's Logger (routed to pino) and pino's own both fit. */
export interface RelayLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OutboxRelayOptions {
  batchSize: number;
  /** A batch that cannot reach Redis in this time is rolled back and retried, so its row locks are not held for ever. */
  enqueueTimeoutMs: number;
  faults: OutboxFaults;
  /** Options a row's job gets besides its id (e.g. dispatch's deduplication); none by default. */
  jobOptions?: (row: OutboxRow) => Omit<JobsOptions, 'jobId'> | undefined;
}

/** Job id of an outbox row: BullMQ ignores an add whose id exists, so enqueueing a row twice makes one job. */
export const outboxJobId = (rowId: string): string => `outbox-${rowId}`;

/** Advisory lock namespace of outbox rows ('outb'); the two-int lock space never meets the one-bigint space. */
const OUTBOX_LOCK_NAMESPACE = 0x6f757462;

/**
 * Moves committed outbox rows into BullMQ, at least once. Each batch claims its rows with transaction-scoped advisory
 * locks (several workers share the work and skip each other's rows), adds the jobs, then marks the rows published in
 * the same transaction. A crash after the add and before the commit leaves the rows unpublished: the next relay adds
 * them again under the same job ids, which BullMQ treats as the jobs it already has.
 *
 * Why advisory locks rather than `FOR UPDATE SKIP LOCKED`: a row lock gives the transaction a transaction id for as
 * long as it talks to Redis (up to the enqueue timeout while Redis is down), and the events feed waits for every
 * transaction id older than an event (payout-event.repository.ts). Advisory locks take no transaction id; the final
 * UPDATE takes one for a few milliseconds only.
 */
export class OutboxRelay {
  private readonly abandoned = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly queueOf: (name: string) => Queue | undefined,
    private readonly options: OutboxRelayOptions,
    private readonly logger: RelayLogger,
  ) {}

  /**
   * A stop while Redis is unreachable: the batch waiting for its enqueue gives up now rather than after the enqueue
   * timeout, and rolls back like a timed-out one, so its rows stay unpublished for the next relay.
   */
  abandon(): void {
    this.abandoned.abort();
  }

  /** Publishes until no unpublished row is left (or a batch fails); returns how many rows it published. */
  async drain(): Promise<number> {
    let total = 0;
    while (!this.abandoned.signal.aborted) {
      const count = await this.publishBatch();
      total += count;
      if (count < this.options.batchSize) return total;
    }
    return total;
  }

  /**
   * Whether any row waits, in one autocommit statement: an idle poll costs a single index probe instead of a
   * transaction (BEGIN, the claim, COMMIT).
   */
  async hasUnpublished(): Promise<boolean> {
    const [row]: { waiting: boolean }[] = await this.dataSource.query(
      'SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL) AS waiting',
    );
    return row?.waiting === true;
  }

  private async publishBatch(): Promise<number> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        // The LIMIT sits in a subquery so that at most one batch of rows is tried for a lock.
        const rows: OutboxRow[] = await manager.query(
          `SELECT id, queue, job_name, payload FROM (
             SELECT id, queue, job_name, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1
           ) batch
           WHERE pg_try_advisory_xact_lock($2::int, (id % 2147483648)::int)
           ORDER BY id`,
          [this.options.batchSize, OUTBOX_LOCK_NAMESPACE],
        );
        if (rows.length === 0) return 0;
        this.options.faults.at('outbox-before-enqueue');
        await this.withTimeout(this.enqueue(rows));
        this.options.faults.at('outbox-after-enqueue');
        await manager.query(
          'UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL',
          [rows.map((r) => r.id)],
        );
        for (const row of rows) published.inc({ queue: row.queue });
        return rows.length;
      });
    } catch (error) {
      failures.inc();
      this.logger.warn({ err: error }, 'outbox relay batch rolled back; its rows will be retried');
      return 0;
    }
  }

  /** One `addBulk` per queue: its adds go to Redis in one pipeline, one round trip instead of one per row. */
  private async enqueue(rows: readonly OutboxRow[]): Promise<void> {
    const byQueue = new Map<Queue, OutboxRow[]>();
    for (const row of rows) {
      const queue = this.queueOf(row.queue);
      if (!queue) throw new Error(`outbox row ${row.id} names unknown queue "${row.queue}"`);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
    }
    await Promise.all(
      [...byQueue].map(([queue, queued]) =>
        queue.addBulk(
          queued.map((row) => ({
            name: row.job_name,
            data: row.payload,
            opts: { ...this.options.jobOptions?.(row), jobId: outboxJobId(row.id) },
          })),
        ),
      ),
    );
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const signal = this.abandoned.signal;
    const giveUp = () => new Error('enqueue abandoned: the process is stopping while Redis is unreachable');
    let onAbort: (() => void) | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`enqueue took over ${this.options.enqueueTimeoutMs} ms`)),
        this.options.enqueueTimeoutMs,
      );
      onAbort = () => reject(giveUp());
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([work, timeout]).finally(() => {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    });
  }
}
