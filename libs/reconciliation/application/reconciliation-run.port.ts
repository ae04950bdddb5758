import type { ListedTransfer } from '@libs/providers/contract';
import type { DiscrepancyKind, RunCounts, RunStatus } from '../domain';

export interface RunRecord {
  id: string;
  provider: string;
  from: Date;
  to: Date;
  status: RunStatus;
  reason: string;
  requestedBy: string | null;
  cursor: string | null;
  pages: number;
  listedCount: number;
  listingDone: boolean;
  counts: RunCounts;
  failure: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface NewRun {
  id: string;
  provider: string;
  from: Date;
  to: Date;
  reason: string;
  requestedBy: string | null;
  startedAt: Date;
}

/** One discrepancy with both sides; a side is all null where there is none. */
export interface RunItemRecord {
  id: string;
  runId: string;
  kind: DiscrepancyKind;
  payoutId: string | null;
  ourReference: string | null;
  ourAmount: bigint | null;
  ourCurrency: string | null;
  ourStatus: string | null;
  providerId: string | null;
  providerReference: string | null;
  providerAmount: bigint | null;
  providerCurrency: string | null;
  providerStatus: string | null;
  providerCreatedAt: Date | null;
  providerProblem: string | null;
  flaggedAt: Date | null;
}

/** The run's job, written with the run in one transaction (lifecycle invariant 5): the relay enqueues it. */
export const RUN_RECONCILIATION_JOB = 'run-reconciliation';
export const RECONCILIATION_RUNS_QUEUE = 'reconciliation-runs' as const;
export interface RunReconciliationJob {
  runId: string;
}

/** A page that another job of the same run staged first: this job stops, the other goes on. */
export class RunMovedOnError extends Error {
  override readonly name = 'RunMovedOnError';
}

export interface ReconciliationRunStore {
  /**
   * Inserts the run and its job, or answers the run of the same (provider, from, to). A failed run asked for again
   * is reopened (running, same cursor) with a new job, so it resumes where it stopped.
   */
  startOrFind(run: NewRun): Promise<{ run: RunRecord; created: boolean }>;
  find(id: string): Promise<RunRecord | undefined>;
  /** Newest first; `before` is the last run of the previous page. */
  list(limit: number, before?: { startedAt: Date; id: string }): Promise<RunRecord[]>;
  /**
   * One transaction: the page's rows staged after the ones before, the next cursor, `listing_done` when none. Only if
   * the run has still staged `afterPages` pages: another job of the same run that staged first makes this one stop
   * (RunMovedOnError), so a page is never staged twice.
   */
  stagePage(
    runId: string,
    afterPages: number,
    items: readonly ListedTransfer[],
    nextCursor: string | null,
  ): Promise<void>;
  /**
   * The set-based compare of the staged listing with our payouts (one transaction): matches listing rows to our
   * attempts, writes every discrepancy and sets the counts. A run that has written its items already is left alone.
   */
  compare(run: RunRecord): Promise<void>;
  /**
   * Gives each running run that has not moved since `progressedBefore` a new job (its own was lost, e.g. with Redis)
   * and marks it moved; the ids. A job still alive meanwhile is harmless: a page is staged once (stagePage).
   */
  requeueStalled(progressedBefore: Date, limit: number): Promise<string[]>;
  /** Items of the run whose payout is not flagged yet, by id. */
  unflagged(runId: string, afterId: string | undefined, limit: number): Promise<RunItemRecord[]>;
  markFlagged(itemIds: readonly string[], at: Date): Promise<void>;
  /** Completed, staged rows deleted. */
  complete(runId: string, at: Date): Promise<void>;
  fail(runId: string, failure: string, at: Date): Promise<void>;
  /** Keyset page of discrepancies by id, optionally of one kind. */
  items(runId: string, options: { kind?: DiscrepancyKind; afterId?: string; limit: number }): Promise<RunItemRecord[]>;
}
