import { claimLeased, inLanes } from '@libs/platform/async';
import type { Clock } from '@libs/platform/time';
import type { DeliverNotification, DeliverResult } from './deliver-notification';
import type { DeliveryStore, NewDelivery } from './delivery-store.port';

/** The changes a client with a callback URL has not got a delivery row for yet, read from its events feed. */
export interface DeliveryFeed {
  clientsWithCallbacks(): Promise<string[]>;
  /**
   * In one transaction: reads the client's applied changes after its cursor (in the events feed's order, so a change
   * that commits late is not skipped), creates their delivery rows and moves the cursor. Skips a client another
   * worker is feeding right now. Returns the ids of the rows it created.
   */
  feed(clientId: string, limit: number, now: Date): Promise<string[]>;
}

export interface StatusChange {
  clientId: string;
  eventId: string;
  payoutId: string;
  version: number;
  status: string;
  /** `payout.<status>` unless given: `payout.contradiction` for the event that first flagged a contradiction. */
  type?: string;
}

export interface SweepOptions {
  feedBatchSize: number;
  claimBatchSize: number;
  /** Tries in flight at once. */
  concurrency: number;
}

export interface SweepResult {
  created: number;
  /** Pending deliveries of revoked clients, canceled unsent. */
  canceled: number;
  results: { deliveryId: string; result?: DeliverResult; error?: unknown }[];
}

/**
 * Keeps notifications independent of Redis (lifecycle invariant 8): the job written with a status change is the
 * fast path; this sweep finds the same work from Postgres alone, creating rows for changes whose job was lost and
 * claiming rows whose retry is due.
 */
export class SweepNotifications {
  constructor(
    private readonly feed: DeliveryFeed,
    private readonly store: DeliveryStore,
    private readonly deliver: DeliverNotification,
    private readonly clock: Clock,
    private readonly options: SweepOptions,
  ) {}

  async run(): Promise<SweepResult> {
    // A revoked client is told nothing more, whenever its retries were due (api.md: keys can be revoked).
    const canceled = await this.store.cancelForRevokedClients(this.clock.now());
    let created = 0;
    for (const clientId of await this.feed.clientsWithCallbacks()) {
      for (;;) {
        const ids = await this.feed.feed(clientId, this.options.feedBatchSize, this.clock.now());
        created += ids.length;
        if (ids.length < this.options.feedBatchSize) break;
      }
    }
    const now = this.clock.now();
    const due = await claimLeased(this.store, now, {
      limit: this.options.claimBatchSize,
      leaseMs: this.deliver.leaseMs,
    });
    const results: SweepResult['results'] = [];
    await inLanes(due, this.options.concurrency, async (delivery) => {
      try {
        results.push({ deliveryId: delivery.id, result: await this.deliver.deliverClaimed(delivery) });
      } catch (error) {
        results.push({ deliveryId: delivery.id, error });
      }
    });
    return { created, canceled, results };
  }
}

/** The fast path: the `payout-status-changed` job of an applied change becomes a delivery row. */
export class RecordStatusChange {
  constructor(
    private readonly store: DeliveryStore,
    private readonly hasCallback: (clientId: string) => Promise<boolean>,
    private readonly clock: Clock,
  ) {}

  async execute(change: StatusChange): Promise<string | undefined> {
    if (!(await this.hasCallback(change.clientId))) return undefined;
    const delivery: NewDelivery = {
      clientId: change.clientId,
      eventId: change.eventId,
      payoutId: change.payoutId,
      payoutVersion: change.version,
      eventType: change.type ?? `payout.${change.status}`,
      createdAt: this.clock.now(),
    };
    return (await this.store.ensure(delivery)).id;
  }
}
