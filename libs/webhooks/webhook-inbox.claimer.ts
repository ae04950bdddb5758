import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@libs/platform/config';
import { IDLE_POLL_MS, IdlePollInterval } from '@libs/platform/queues';
import type { InboxStore } from './application/inbox-store.port';
import { ProcessWebhook } from './application/process-webhook';
import { WebhookInboxRepository } from './persistence/webhook-inbox.repository';
import { webhooksConfig } from './webhooks.config';

const clock = (): Date => new Date();

/** Rows one worker processes at once (the BullMQ consumer it replaces ran 8; a row is mostly waiting on Postgres). */
export const INBOX_CLAIM_CONCURRENCY = 16;

/**
 * Takes stored webhooks from the inbox as they become due: `claimDue` (FOR UPDATE SKIP LOCKED, with the processing
 * lease) for as many rows as it has free slots, so several workers share the rows without waiting on each other. While
 * rows keep coming it claims again as soon as a slot frees; when a claim finds fewer rows than it asked for it looks
 * again after WEBHOOK_CLAIM_INTERVAL, and after each look that found none waits twice as long, up to 250 ms
 * (IdlePollInterval: every look is a Postgres transaction). Replaces the per-row BullMQ job the ingest used to write through the outbox
 * (docs/decisions/0007-webhook-inbox-claimed-from-postgres.md); the scheduled sweep stays as it was.
 */
export class WebhookInboxClaimer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookInboxClaimer');
  private readonly inbox: InboxStore;
  private readonly interval: IdlePollInterval;
  private readonly leaseMs: number;
  private readonly working = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  /** The claim statement in flight, if any: shutdown waits for it, since the rows it returns are leased to us. */
  private claiming?: Promise<unknown>;
  /** The last claim filled every free slot: more rows are probably due, so a freed slot claims at once. */
  private backlog = false;
  private running = false;

  constructor(
    @Inject(WebhookInboxRepository) inbox: WebhookInboxRepository,
    @Inject(ProcessWebhook) private readonly process: ProcessWebhook,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.inbox = inbox;
    const settings = config.get(webhooksConfig);
    this.interval = new IdlePollInterval(settings.claimIntervalMs, IDLE_POLL_MS);
    this.leaseMs = settings.processingLeaseMs;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    void this.claim();
  }

  /** Before the database closes: no new claims, and the rows in hand are finished (or left to their lease). */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.claiming?.catch(() => undefined);
    await Promise.all([...this.working]);
  }

  private async claim(): Promise<void> {
    if (!this.running || this.claiming) return;
    const free = INBOX_CLAIM_CONCURRENCY - this.working.size;
    if (free <= 0) return; // a finishing row claims again
    let claimed = 0;
    try {
      const now = clock();
      const claiming = this.inbox.claimDue(now, free, new Date(now.getTime() + this.leaseMs));
      this.claiming = claiming;
      const rows = await claiming;
      claimed = rows.length;
      for (const row of rows) this.work(row.id, () => this.process.processClaimed(row, clock));
    } catch (error) {
      // Postgres unreachable: nothing was claimed; the next look is after the interval.
      this.logger.warn({ err: error }, 'claiming webhook inbox rows failed; retried');
    } finally {
      this.claiming = undefined;
    }
    this.backlog = claimed === free;
    if (this.backlog) void this.claim();
    else this.lookAgainLater(this.interval.next(claimed > 0));
  }

  private work(inboxId: string, run: () => Promise<unknown>): void {
    const done: Promise<void> = run()
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ inboxId, err: error }, 'webhook processing failed; it is retried'),
      )
      .finally(() => {
        this.working.delete(done);
        if (this.backlog) void this.claim();
      });
    this.working.add(done);
  }

  private lookAgainLater(waitMs: number): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.claim();
    }, waitMs);
  }
}
