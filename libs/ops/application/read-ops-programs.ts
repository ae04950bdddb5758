import type { BatchStatus } from '@libs/batches/domain';
import { toPayoutView, type PayoutRecord, type PayoutView } from '@libs/payouts/application';
import { isSettled, PAYOUT_STATUSES, type PayoutStatus } from '@libs/payouts/domain';
import { decodeListKeyOrThrow, encodeListKey, type ListKey } from './ops-cursor';
import type { BatchProgressRow, ClientPayoutRow, OpsProgramsStore } from './ops-programs.port';

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

/** A batch as programs.md's batch object (amounts as minor-unit strings), with how far along its items are. */
export interface BatchProgressView {
  batch: {
    id: string;
    status: BatchStatus;
    reference: string | null;
    itemCount: number;
    totalAmount: string;
    currency: string;
    /** Items per payout status, every status named (0 when none), in the state machine's order. */
    counts: Record<PayoutStatus, number>;
    createdAt: string;
    completedAt: string | null;
  };
  clientName: string;
  /** Items whose outcome is known (succeeded, returned, failed, canceled). */
  settled: number;
  /** settled / itemCount, 0 to 100, rounded down (100 only when every item is settled). */
  percentSettled: number;
}

export interface OpsPrograms {
  scheduled: ScheduledPayoutView[];
  batches: BatchProgressView[];
  /** Where each list goes on (a cursor for its `…After` parameter), null on its last page. */
  next: { scheduled: string | null; batches: string | null };
}

export interface ProgramsParams {
  /** Cursors this page gave, one per list. */
  scheduledAfter?: string;
  batchesAfter?: string;
}

export function toBatchProgressView(row: BatchProgressRow): BatchProgressView {
  const counts = Object.fromEntries(PAYOUT_STATUSES.map((status) => [status, row.counts[status] ?? 0])) as Record<
    PayoutStatus,
    number
  >;
  const settled = PAYOUT_STATUSES.filter(isSettled).reduce((sum, status) => sum + counts[status], 0);
  return {
    batch: {
      id: row.id,
      status: row.status,
      reference: row.reference,
      itemCount: row.itemCount,
      totalAmount: row.totalAmount.toString(),
      currency: row.currency,
      counts,
      createdAt: row.createdAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
    },
    clientName: row.clientName,
    settled,
    percentSettled: row.itemCount > 0 ? Math.floor((settled * 100) / row.itemCount) : 0,
  };
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
    const key = (cursor: string | undefined, field: string) =>
      cursor === undefined ? undefined : decodeListKeyOrThrow(cursor, field);
    const scheduledAfter = key(params.scheduledAfter, 'scheduledAfter');
    const batchesAfter = key(params.batchesAfter, 'batchesAfter');
    // One row more than a page says whether there is a next one.
    const limit = PROGRAMS_PAGE_SIZE + 1;
    const [scheduledRows, batchRows] = await Promise.all([
      this.store.listScheduled(limit, scheduledAfter),
      this.store.listBatches(limit, batchesAfter),
    ]);
    const scheduled = pageOf(scheduledRows, (row) => ({ at: releaseTimeOf(row.payout), id: row.payout.id }));
    const batches = pageOf(batchRows, (row) => ({ at: row.createdAt, id: row.id }));
    return {
      scheduled: scheduled.data.map((row) => toScheduledView(row, now)),
      batches: batches.data.map(toBatchProgressView),
      next: { scheduled: scheduled.next, batches: batches.next },
    };
  }
}

/** A page of rows read one past its size, and the cursor of its last row when there is more. */
function pageOf<T>(rows: T[], keyOf: (row: T) => ListKey): { data: T[]; next: string | null } {
  const data = rows.slice(0, PROGRAMS_PAGE_SIZE);
  const last = data[data.length - 1];
  return { data, next: rows.length > PROGRAMS_PAGE_SIZE && last ? encodeListKey(keyOf(last)) : null };
}
