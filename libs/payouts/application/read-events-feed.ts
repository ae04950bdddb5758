import { decodeFeedCursorOrThrow, encodeFeedCursor } from './cursor';
import type { PayoutStore } from './payout-store.port';

export const FEED_LIMIT = { min: 1, max: 100, default: 50 } as const;

export interface FeedItem {
  id: string;
  type: string;
  payoutId: string;
  version: number;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface FeedPage {
  data: FeedItem[];
  /** Where to continue; the given cursor again when nothing new is there yet (poll with it later). */
  nextCursor: string | null;
}

/** GET /v1/events: the caller's applied status changes, oldest first, for a client that missed notifications. */
export class ReadEventsFeed {
  constructor(private readonly store: PayoutStore) {}

  async execute(clientId: string, after: string | undefined, limit: number = FEED_LIMIT.default): Promise<FeedPage> {
    const position = after === undefined ? undefined : decodeFeedCursorOrThrow(after);
    const entries = await this.store.events.readFeed(clientId, position, limit);
    const last = entries[entries.length - 1];
    return {
      data: entries.map(({ event }) => ({
        id: event.id,
        type: `payout.${event.to}`,
        payoutId: event.payoutId,
        version: event.version,
        createdAt: event.createdAt.toISOString(),
        data: event.snapshot ?? {},
      })),
      nextCursor: last ? encodeFeedCursor(last.position) : (after ?? null),
    };
  }
}
