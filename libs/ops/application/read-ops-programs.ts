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
  clientId: string;
  clientName: string;
  /** Items whose outcome is known (succeeded, returned, failed, canceled). */
  settled: number;
  /** settled / itemCount, 0 to 100, rounded down (100 only when every item is settled). */
  percentSettled: number;
}

/** A payout awaiting approval as the approvers' queue lists it. */
export interface ApprovalPayoutView {
  payout: PayoutView;
  /** The client that created it (never its approver). */
  clientId: string;
  clientName: string;
  /** Since its creation, in seconds. */
  waitingSeconds: number;
}

export interface OpsPrograms {
  /** The approvers' queue: payouts (not batch items) and batches awaiting approval, the oldest first. */
  approvals: ApprovalPayoutView[];
  approvalBatches: BatchProgressView[];
  scheduled: ScheduledPayoutView[];
  batches: BatchProgressView[];
  /** Where each list goes on (a cursor for its `…After` parameter), null on its last page. */
  next: {
    approvals: string | null;
    approvalBatches: string | null;
    scheduled: string | null;
    batches: string | null;
  };
}

/** The lists' cursor parameters, as the page's links name them. */
export const PROGRAM_CURSORS = ['approvalsAfter', 'approvalBatchesAfter', 'scheduledAfter', 'batchesAfter'] as const;

/** Cursors this page gave, one per list. */
export type ProgramsParams = Partial<Record<(typeof PROGRAM_CURSORS)[number], string>>;

export function toApprovalView(row: ClientPayoutRow, now: Date): ApprovalPayoutView {
  return {
    payout: toPayoutView(row.payout),
    clientId: row.payout.clientId,
    clientName: row.clientName,
    waitingSeconds: Math.max(0, Math.floor((now.getTime() - row.payout.createdAt.getTime()) / 1000)),
  };
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
    clientId: row.clientId,
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
    // One row more than a page says whether there is a next one.
    const limit = PROGRAMS_PAGE_SIZE + 1;
    const [approvalRows, approvalBatchRows, scheduledRows, batchRows] = await Promise.all([
      this.store.listAwaitingApproval(limit, key(params.approvalsAfter, 'approvalsAfter')),
      this.store.listBatchesAwaitingApproval(limit, key(params.approvalBatchesAfter, 'approvalBatchesAfter')),
      this.store.listScheduled(limit, key(params.scheduledAfter, 'scheduledAfter')),
      this.store.listBatches(limit, key(params.batchesAfter, 'batchesAfter')),
    ]);
    const approvals = pageOf(approvalRows, (row) => ({ at: row.payout.createdAt, id: row.payout.id }));
    const approvalBatches = pageOf(approvalBatchRows, (row) => ({ at: row.createdAt, id: row.id }));
    const scheduled = pageOf(scheduledRows, (row) => ({ at: releaseTimeOf(row.payout), id: row.payout.id }));
    const batches = pageOf(batchRows, (row) => ({ at: row.createdAt, id: row.id }));
    return {
      approvals: approvals.data.map((row) => toApprovalView(row, now)),
      approvalBatches: approvalBatches.data.map(toBatchProgressView),
      scheduled: scheduled.data.map((row) => toScheduledView(row, now)),
      batches: batches.data.map(toBatchProgressView),
      next: {
        approvals: approvals.next,
        approvalBatches: approvalBatches.next,
        scheduled: scheduled.next,
        batches: batches.next,
      },
    };
  }
}

/** A page of rows read one past its size, and the cursor of its last row when there is more. */
function pageOf<T>(rows: T[], keyOf: (row: T) => ListKey): { data: T[]; next: string | null } {
  const data = rows.slice(0, PROGRAMS_PAGE_SIZE);
  const last = data[data.length - 1];
  return { data, next: rows.length > PROGRAMS_PAGE_SIZE && last ? encodeListKey(keyOf(last)) : null };
}
