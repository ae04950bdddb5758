import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@libs/platform/config';
import { IDLE_POLL_MS, IdlePollInterval } from '@libs/platform/queues';
import { systemClock } from '@libs/platform/time';
import type { InboxRow, InboxStore } from './application/inbox-store.port';
import { ProcessWebhook } from './application/process-webhook';
import { WebhookInboxRepository } from './persistence/webhook-inbox.repository';
import { webhooksConfig } from './webhooks.config';

/** Rows one worker processes at once (the BullMQ consumer it replaces ran 8; a row is mostly waiting on Postgres). */
export const INBOX_CLAIM_CONCURRENCY = 16;
/**
 * Under a backlog, a finished row claims again only once this many slots are free: one claim transaction for several
 * rows rather than one per row (issue 18: at saturation the claims were one transaction per webhook).
 */
export const INBOX_RECLAIM_AT_FREE = INBOX_CLAIM_CONCURRENCY / 4;

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
      const now = systemClock.now();
      const claiming = this.inbox.claimDue(now, free, new Date(now.getTime() + this.leaseMs));
      this.claiming = claiming;
      const rows = await claiming;
      claimed = rows.length;
      for (const chain of sameTransferChains(rows)) this.work(chain);
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

  /** The rows of one transfer, one after another in the order they were stored; each failure is kept on its row. */
  private work(chain: readonly InboxRow[]): void {
    const run = async () => {
      for (const row of chain) {
        try {
          await this.process.processClaimed(row, systemClock);
        } catch (error) {
          this.logger.warn({ inboxId: row.id, err: error }, 'webhook processing failed; it is retried');
        }
      }
    };
    const done: Promise<void> = run().finally(() => {
      this.working.delete(done);
      if (this.backlog && INBOX_CLAIM_CONCURRENCY - this.working.size >= INBOX_RECLAIM_AT_FREE) void this.claim();
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

/**
 * The claimed rows grouped by the transfer they name (the same provider and reference, or the same provider id: one
 * webhook may carry only one of them), each group in the order the rows were stored (their ids). Two webhooks of one
 * transfer claimed together (a success and the return after it) are applied in the order they arrived, as when they
 * were claimed one by one: processed side by side, the later one could take the payout's lock first.
 */
export function sameTransferChains(rows: readonly InboxRow[]): InboxRow[][] {
  const ordered = [...rows].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
  const chainOfKey = new Map<string, InboxRow[]>();
  const chains: InboxRow[][] = [];
  for (const row of ordered) {
    const keys = [
      ...(row.reference ? [`${row.provider}:reference:${row.reference}`] : []),
      ...(row.providerId ? [`${row.provider}:id:${row.providerId}`] : []),
    ];
    const found = [...new Set(keys.map((key) => chainOfKey.get(key)).filter((chain) => chain !== undefined))];
    let chain: InboxRow[];
    if (found.length === 0) {
      chain = [];
      chains.push(chain);
    } else {
      // Rows that linked two chains: merged, still in stored order.
      chain = found[0];
      for (const other of found.slice(1)) {
        chain.push(...other);
        chains.splice(chains.indexOf(other), 1);
        for (const [key, value] of chainOfKey) if (value === other) chainOfKey.set(key, chain);
      }
      chain.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    }
    chain.push(row);
    for (const key of keys) chainOfKey.set(key, chain);
  }
  return chains;
}
