import { toPayoutView, type PayoutView } from '@libs/payouts/application';
import { IN_FLIGHT_STATUSES, type InFlightStatus } from '@libs/payouts/domain';
import { explainStuck } from './explain-stuck';
import type { OpsPayoutRow, OpsReadStore, ScheduleLookup } from './ops-store.port';
import { toProviderAnswerView, type ProviderAnswerView } from './provider-answer-view';

export const STUCK_LIMIT = { min: 1, max: 500, default: 100 } as const;

export interface StuckPayoutView {
  payout: PayoutView;
  ageSeconds: number;
  reason: string;
  nextCheckAt: string | null;
  pollCount: number;
  lastPolledAt: string | null;
  lastProviderAnswer: ProviderAnswerView | null;
  needsAttention: boolean;
  nextAction: string;
}

export interface StuckParams {
  status?: InFlightStatus;
  provider?: string;
  /** Overrides STUCK_AFTER for every status; 0 lists every live payout. */
  olderThanMs?: number;
  limit?: number;
  /** The next page after this (since, payout id); the console pages with it. */
  after?: { at: Date; id: string };
}

export interface StuckSettings {
  /** STUCK_AFTER, every live status filled in. */
  thresholdsMs: Readonly<Record<InFlightStatus, number>>;
  /** POLL_TIME_SCALE. */
  timeScale: number;
}

/** GET /v1/ops/stuck: live payouts past their threshold, oldest first, each saying why and what happens next. */
export class ListStuckPayouts {
  constructor(
    private readonly store: OpsReadStore,
    private readonly schedules: ScheduleLookup,
    private readonly settings: StuckSettings,
  ) {}

  async execute(params: StuckParams, now: Date): Promise<{ data: StuckPayoutView[] }> {
    const { data } = await this.page(params, now);
    return { data };
  }

  /** As execute, with each row's keyset position (since, id), for the console's next-page link. */
  async page(params: StuckParams, now: Date): Promise<{ data: StuckPayoutView[]; keys: { at: Date; id: string }[] }> {
    const given = params.olderThanMs;
    const thresholdsMs =
      given === undefined
        ? this.settings.thresholdsMs
        : (Object.fromEntries(IN_FLIGHT_STATUSES.map((status) => [status, given])) as Record<InFlightStatus, number>);
    const rows = await this.store.listStuck({
      ...(params.status ? { status: params.status } : {}),
      ...(params.provider ? { provider: params.provider } : {}),
      ...(params.after ? { after: params.after } : {}),
      thresholdsMs,
      now,
      limit: params.limit ?? STUCK_LIMIT.default,
    });
    return {
      keys: rows.map((row) => ({ at: row.since, id: row.payout.id })),
      data: rows.map((row) =>
        toStuckView(row, now, {
          thresholdMs: thresholdsMs[row.payout.status as InFlightStatus] ?? 0,
          isOlderThanQuery: given !== undefined,
          schedules: this.schedules,
          timeScale: this.settings.timeScale,
        }),
      ),
    };
  }
}

export function toStuckView(
  row: OpsPayoutRow,
  now: Date,
  context: { thresholdMs: number; isOlderThanQuery: boolean; schedules: ScheduleLookup; timeScale: number },
): StuckPayoutView {
  const provider = row.attempt?.provider ?? row.payout.provider;
  const { reason, nextAction } = explainStuck({
    row,
    now,
    thresholdMs: context.thresholdMs,
    isOlderThanQuery: context.isOlderThanQuery,
    schedule: provider ? context.schedules(row.payout.status, provider) : undefined,
    timeScale: context.timeScale,
  });
  return {
    payout: toPayoutView(row.payout),
    ageSeconds: Math.max(0, Math.floor((now.getTime() - row.since.getTime()) / 1000)),
    reason,
    nextCheckAt: row.payout.nextCheckAt?.toISOString() ?? null,
    pollCount: row.attempt?.pollCount ?? 0,
    lastPolledAt: row.attempt?.lastPolledAt?.toISOString() ?? null,
    lastProviderAnswer: toProviderAnswerView(row.attempt?.lastRawAnswer ?? null),
    needsAttention: row.payout.needsAttention,
    nextAction,
  };
}
