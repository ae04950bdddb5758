import { GetOpsSummary, type OpsSummary } from './get-ops-summary';
import { ListStuckPayouts, toStuckView, type StuckPayoutView, type StuckSettings } from './list-stuck-payouts';
import type { LiveStatus, OpsReadStore, OrphanWebhookRow, ScheduleLookup } from './ops-store.port';

export interface OpsOverview {
  summary: OpsSummary;
  stuck: StuckPayoutView[];
  needsAttention: StuckPayoutView[];
  orphans: OrphanWebhookRow[];
}

const LIST_LIMIT = 200;

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

  async execute(params: { olderThanMs?: number }, now: Date): Promise<OpsOverview> {
    const [summary, stuck, flagged, orphans] = await Promise.all([
      this.summary.execute(now),
      this.stuck.execute({ ...params, limit: LIST_LIMIT }, now),
      this.store.listNeedsAttention(LIST_LIMIT),
      this.store.listOrphanWebhooks(LIST_LIMIT),
    ]);
    const needsAttention = flagged.map((row) =>
      toStuckView(row, now, {
        thresholdMs: this.settings.thresholdsMs[row.payout.status as LiveStatus] ?? 0,
        isOlderThanQuery: false,
        schedules: this.schedules,
        timeScale: this.settings.timeScale,
      }),
    );
    return { summary, stuck: stuck.data, needsAttention, orphans };
  }
}
