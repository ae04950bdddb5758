import type { InFlightStatus } from '@libs/payouts/domain';
import { GetOpsSummary, type OpsSummary } from './get-ops-summary';
import { decodeListKeyOrThrow, encodeListKey } from './ops-cursor';
import { ListStuckPayouts, toStuckView, type StuckPayoutView, type StuckSettings } from './list-stuck-payouts';
import type { OpsReadStore, OrphanWebhookRow, ScheduleLookup } from './ops-store.port';

export interface OpsOverview {
  summary: OpsSummary;
  stuck: StuckPayoutView[];
  needsAttention: StuckPayoutView[];
  orphans: OrphanWebhookRow[];
  /** Where each list goes on (a cursor for its `…After` parameter), null on its last page. */
  next: { stuck: string | null; needsAttention: string | null; orphans: string | null };
}

export interface OverviewParams {
  olderThanMs?: number;
  /** Cursors this page gave, one per list. */
  stuckAfter?: string;
  attentionAfter?: string;
  orphansAfter?: string;
}

export const OVERVIEW_PAGE_SIZE = 50;

/** Everything the /ops page shows, from the same use cases as the JSON API. */
export class ReadOpsOverview {
  private readonly stuck: ListStuckPayouts;
  private readonly summary: GetOpsSummary;

  constructor(
    private readonly store: OpsReadStore,
    private readonly schedules: ScheduleLookup,
    private readonly settings: StuckSettings,
  ) {
    this.stuck = new ListStuckPayouts(store, schedules, settings);
    this.summary = new GetOpsSummary(store);
  }

  async execute(params: OverviewParams, now: Date): Promise<OpsOverview> {
    const key = (cursor: string | undefined, field: string) =>
      cursor === undefined ? undefined : decodeListKeyOrThrow(cursor, field);
    const stuckAfter = key(params.stuckAfter, 'stuckAfter');
    const attentionAfter = key(params.attentionAfter, 'attentionAfter');
    const orphansAfter = key(params.orphansAfter, 'orphansAfter');
    // One row more than a page says whether there is a next one.
    const limit = OVERVIEW_PAGE_SIZE + 1;
    const [summary, stuckPage, flaggedRows, orphanRows] = await Promise.all([
      this.summary.execute(now),
      this.stuck.page(
        {
          ...(params.olderThanMs !== undefined ? { olderThanMs: params.olderThanMs } : {}),
          ...(stuckAfter ? { after: stuckAfter } : {}),
          limit,
        },
        now,
      ),
      this.store.listNeedsAttention(limit, attentionAfter),
      this.store.listOrphanWebhooks(limit, orphansAfter),
    ]);
    const flagged = flaggedRows.slice(0, OVERVIEW_PAGE_SIZE);
    const orphans = orphanRows.slice(0, OVERVIEW_PAGE_SIZE);
    const stuck = stuckPage.data.slice(0, OVERVIEW_PAGE_SIZE);
    const lastFlagged = flagged[flagged.length - 1];
    const lastOrphan = orphans[orphans.length - 1];
    const lastStuck = stuckPage.keys[stuck.length - 1];
    const next = {
      stuck: stuckPage.data.length > OVERVIEW_PAGE_SIZE && lastStuck ? encodeListKey(lastStuck) : null,
      needsAttention:
        flaggedRows.length > OVERVIEW_PAGE_SIZE && lastFlagged
          ? encodeListKey({ at: lastFlagged.payout.updatedAt, id: lastFlagged.payout.id })
          : null,
      orphans:
        orphanRows.length > OVERVIEW_PAGE_SIZE && lastOrphan
          ? encodeListKey({ at: lastOrphan.receivedAt, id: lastOrphan.id })
          : null,
    };
    const needsAttention = flagged.map((row) =>
      toStuckView(row, now, {
        thresholdMs: this.settings.thresholdsMs[row.payout.status as InFlightStatus] ?? 0,
        isOlderThanQuery: false,
        schedules: this.schedules,
        timeScale: this.settings.timeScale,
      }),
    );
    return { summary, stuck, needsAttention, orphans, next };
  }
}
