import { claimLeased, inLanes } from '@libs/platform/async';
import type { Clock } from '@libs/platform/time';
import type { InboxStore } from './inbox-store.port';
import type { ProcessWebhook } from './process-webhook';
import type { WebhookMetrics } from './webhook-metrics.port';

export interface SweepOptions {
  batchSize: number;
  leaseMs: number;
  concurrency: number;
}

export interface SweepResult {
  claimed: number;
  failures: { inboxId: string; error: unknown }[];
}

/**
 * Retries what is still waiting in the inbox, found from Postgres alone (lifecycle invariant 8): rows whose job was
 * lost with a Redis restart, webhooks the provider's lookup did not confirm yet, and orphans whose attempt may exist
 * by now. Several workers may sweep at once: each claims its own rows.
 */
export class SweepWebhookInbox {
  constructor(
    private readonly inbox: InboxStore,
    private readonly process: ProcessWebhook,
    private readonly metrics: WebhookMetrics,
    private readonly options: SweepOptions,
  ) {}

  async run(clock: Clock): Promise<SweepResult> {
    const now = clock.now();
    const rows = await claimLeased(this.inbox, now, { limit: this.options.batchSize, leaseMs: this.options.leaseMs });
    const failures: SweepResult['failures'] = [];
    await inLanes(rows, this.options.concurrency, async (row) => {
      try {
        await this.process.processClaimed(row, clock);
      } catch (error) {
        failures.push({ inboxId: row.id, error });
      }
    });
    this.metrics.orphansWaiting(await this.inbox.countOrphans());
    return { claimed: rows.length, failures };
  }
}
