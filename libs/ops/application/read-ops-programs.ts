import { toPayoutView, type PayoutRecord, type PayoutView } from '@libs/payouts/application';
import { decodeListKeyOrThrow, encodeListKey } from './ops-cursor';
import type { ClientPayoutRow, OpsProgramsStore } from './ops-programs.port';

export const PROGRAMS_PAGE_SIZE = 50;

/** A scheduled payout as the console lists it: who created it, when it is released, how far off that is. */
export interface ScheduledPayoutView {
  payout: PayoutView;
  clientName: string;
  /** The release time the client asked for (`scheduledFor`). */
  releaseAt: string;
  /** Until the release time, in seconds; negative once it is past (the release job has not taken it yet). */
  releaseInSeconds: number;
}

export interface OpsPrograms {
  scheduled: ScheduledPayoutView[];
  /** Where each list goes on (a cursor for its `…After` parameter), null on its last page. */
  next: { scheduled: string | null };
}

export interface ProgramsParams {
  /** A cursor this page gave for the scheduled list. */
  scheduledAfter?: string;
}

/**
 * The release time the list sorts by: `scheduledFor`, which intake always sets on a scheduled payout; the store's
 * order is the same coalesce (scheduled_for, next_check_at, created_at), so the page's keyset matches it.
 */
export const releaseTimeOf = (payout: PayoutRecord): Date =>
  payout.scheduledFor ?? payout.nextCheckAt ?? payout.createdAt;

export function toScheduledView(row: ClientPayoutRow, now: Date): ScheduledPayoutView {
  const releaseAt = releaseTimeOf(row.payout);
  return {
    payout: toPayoutView(row.payout),
    clientName: row.clientName,
    releaseAt: releaseAt.toISOString(),
    releaseInSeconds: Math.trunc((releaseAt.getTime() - now.getTime()) / 1000),
  };
}

/** The /ops page's program lists (programs.md "Ops page"), a page at a time by keyset. */
export class ReadOpsPrograms {
  constructor(private readonly store: OpsProgramsStore) {}

  async execute(params: ProgramsParams, now: Date): Promise<OpsPrograms> {
    const scheduledAfter =
      params.scheduledAfter === undefined ? undefined : decodeListKeyOrThrow(params.scheduledAfter, 'scheduledAfter');
    // One row more than a page says whether there is a next one.
    const rows = await this.store.listScheduled(PROGRAMS_PAGE_SIZE + 1, scheduledAfter);
    const page = rows.slice(0, PROGRAMS_PAGE_SIZE);
    const last = page[page.length - 1];
    return {
      scheduled: page.map((row) => toScheduledView(row, now)),
      next: {
        scheduled:
          rows.length > PROGRAMS_PAGE_SIZE && last
            ? encodeListKey({ at: releaseTimeOf(last.payout), id: last.payout.id })
            : null,
      },
    };
  }
}
