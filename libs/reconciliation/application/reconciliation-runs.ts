import { randomUUID } from 'node:crypto';
import type { PayoutStore, TransitionPayout } from '@libs/payouts/application';
import { DomainValidationError, PayoutError } from '@libs/payouts/domain';
import type { ListedTransfer, PayoutProvider } from '@libs/providers/contract';
import type { Clock } from '@libs/platform/time';
import { isDiscrepancyKind, LISTING_MARGIN_MS, type DiscrepancyKind } from '../domain';
import { flagPayoutForOps } from './flag-payout';
import type { ReconciliationRunStore, RunItemRecord, RunRecord } from './reconciliation-run.port';

/** The providers that can be reconciled: the registered ones with a listing. */
export interface ListingProviders {
  find(name: string): PayoutProvider | undefined;
  names(): string[];
}

export const hasListing = (provider: PayoutProvider | undefined): boolean => provider?.listTransfers !== undefined;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A `from`/`to` request field: an ISO 8601 time with a zone, nothing else. */
function timeOf(value: unknown, field: string, errors: { field: string; message: string }[]): Date | undefined {
  if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    errors.push({ field, message: 'must be an ISO 8601 time with a zone (e.g. 2026-12-01T00:00:00+03:00)' });
    return undefined;
  }
  return new Date(value);
}

export interface StartRunInput {
  provider: unknown;
  from: unknown;
  to: unknown;
  reason: unknown;
  requestedBy: string | null;
}

/** `POST /v1/reconciliation/runs` and the daily schedule: validate, then start or find the run of that period. */
export class StartReconciliationRun {
  constructor(
    private readonly runs: ReconciliationRunStore,
    private readonly providers: ListingProviders,
    private readonly clock: Clock,
  ) {}

  async execute(input: StartRunInput): Promise<{ run: RunRecord; created: boolean }> {
    const errors: { field: string; message: string }[] = [];
    const provider = typeof input.provider === 'string' ? input.provider : '';
    if (!hasListing(this.providers.find(provider))) {
      const known = this.providers.names().filter((name) => hasListing(this.providers.find(name)));
      errors.push({ field: 'provider', message: `must be a provider with a listing (${known.join(', ')})` });
    }
    const from = timeOf(input.from, 'from', errors);
    const to = timeOf(input.to, 'to', errors);
    if (from && to && from.getTime() >= to.getTime()) errors.push({ field: 'to', message: 'must be after from' });
    if (to && to.getTime() > this.clock.now().getTime() + LISTING_MARGIN_MS) {
      errors.push({ field: 'to', message: 'must not lie in the future' });
    }
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (reason.length === 0 || reason.length > 500)
      errors.push({ field: 'reason', message: 'must be 1..500 characters' });
    if (errors.length > 0 || !from || !to) throw new DomainValidationError(errors);
    return this.runs.startOrFind({
      id: randomUUID(),
      provider,
      from,
      to,
      reason,
      requestedBy: input.requestedBy,
      startedAt: this.clock.now(),
    });
  }
}

/** A listing page that could not be had: the job fails and BullMQ retries it from the stored cursor. */
export class ListingUnavailableError extends Error {
  override readonly name = 'ListingUnavailableError';
}

/** Discrepant payouts flagged per statement round. */
const FLAG_BATCH = 200;

/**
 * The run itself (the worker's job): pages through the provider's listing, staging each page with the next cursor
 * (so a retried job resumes after the last staged page), compares in SQL, flags each discrepant payout
 * needs_attention through the state machine (never changing its status), completes. Every step is idempotent.
 */
export class RunReconciliation {
  constructor(
    private readonly runs: ReconciliationRunStore,
    private readonly providers: ListingProviders,
    private readonly payouts: PayoutStore,
    private readonly transition: TransitionPayout,
    private readonly clock: Clock,
  ) {}

  async execute(runId: string): Promise<RunRecord | undefined> {
    let run = await this.runs.find(runId);
    if (!run || run.status !== 'running') return run;
    const provider = this.providers.find(run.provider);
    if (!provider?.listTransfers) {
      await this.runs.fail(run.id, `provider ${run.provider} has no listing`, this.clock.now());
      return this.runs.find(run.id);
    }
    const query = {
      from: new Date(run.from.getTime() - LISTING_MARGIN_MS),
      to: new Date(run.to.getTime() + LISTING_MARGIN_MS),
    };
    while (!run.listingDone) {
      await this.stageNextPage(provider, query, run);
      run = (await this.runs.find(run.id)) as RunRecord;
    }
    await this.runs.compare(run);
    await this.flagDiscrepantPayouts(run);
    await this.runs.complete(run.id, this.clock.now());
    return this.runs.find(run.id);
  }

  /** Marks a failed job's run failed, with why (the last attempt's error). */
  async fail(runId: string, failure: string): Promise<void> {
    await this.runs.fail(runId, failure.slice(0, 500), this.clock.now());
  }

  /**
   * Reads the run's next page and stages it. Not async, the rows handed over in a callback: no suspended frame of the
   * run holds a page's rows while the staging waits on Postgres, so they die young (a page promoted per round trip
   * is what grew the worker's memory with the run's size).
   */
  private stageNextPage(provider: PayoutProvider, query: { from: Date; to: Date }, run: RunRecord): Promise<void> {
    return readListingPage(provider, query, run).then(({ items, nextCursor }) =>
      this.runs.stagePage(run.id, run.pages, items, nextCursor),
    );
  }

  private async flagDiscrepantPayouts(run: RunRecord): Promise<void> {
    for (let afterId: string | undefined; ;) {
      const items = await this.runs.unflagged(run.id, afterId, FLAG_BATCH);
      if (items.length === 0) return;
      const flagged: string[] = [];
      for (const item of items) {
        if (item.payoutId !== null) {
          await flagPayoutForOps(
            this.payouts,
            this.transition,
            item.payoutId,
            `reconciliation:${run.provider}`,
            discrepancyEvidence(run, item),
          );
        }
        flagged.push(item.id);
      }
      await this.runs.markFlagged(flagged, this.clock.now());
      afterId = items[items.length - 1].id;
    }
  }
}

/**
 * The run's next listing page, its rows and cursor only: the answer's raw body (the page's whole text) is not held
 * while the rows are staged, so it dies young instead of being promoted with them.
 */
async function readListingPage(
  provider: PayoutProvider,
  query: { from: Date; to: Date },
  run: RunRecord,
): Promise<{ items: ListedTransfer[]; nextCursor: string | null }> {
  const page = await provider.listTransfers!({ ...query, ...(run.cursor !== null ? { cursor: run.cursor } : {}) });
  if (page.kind !== 'page') {
    throw new ListingUnavailableError(
      `listing page ${run.pages + 1} unavailable: ${page.reason}${page.detail ? ` (${page.detail})` : ''}`,
    );
  }
  return { items: page.items, nextCursor: page.nextCursor };
}

/** What the payout's event records of the discrepancy: the run and the provider's side. */
function discrepancyEvidence(run: RunRecord, item: RunItemRecord): Record<string, unknown> {
  return {
    reconciliationRunId: run.id,
    kind: item.kind,
    providerId: item.providerId,
    providerAmount: item.providerAmount?.toString() ?? null,
    providerStatus: item.providerStatus,
    ...(item.providerProblem ? { providerProblem: item.providerProblem } : {}),
  };
}

/** Stalled runs given a new job per sweep at most. */
const STALLED_PER_SWEEP = 100;

/**
 * The sweep behind the runs' jobs (lifecycle invariant 8: Postgres holds the work, a queue only makes it fast): a
 * running run that has not moved for `stalledAfterMs` gets a new job and resumes from its cursor.
 */
export class ResumeStalledRuns {
  constructor(
    private readonly runs: ReconciliationRunStore,
    private readonly clock: Clock,
    private readonly stalledAfterMs: number,
  ) {}

  execute(): Promise<string[]> {
    return this.runs.requeueStalled(new Date(this.clock.now().getTime() - this.stalledAfterMs), STALLED_PER_SWEEP);
  }
}

export const ITEMS_PAGE_MAX = 500;

/** The reads of `GET /v1/reconciliation/runs…`. */
export class ReadReconciliationRuns {
  constructor(private readonly runs: ReconciliationRunStore) {}

  async run(id: string): Promise<RunRecord> {
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await this.runs.find(id.toLowerCase()) : undefined;
    if (!run) throw new PayoutError('not_found', `no reconciliation run ${id.slice(0, 64)}`);
    return run;
  }

  async list(limit: number, cursor?: string): Promise<{ data: RunRecord[]; nextCursor: string | null }> {
    const before = cursor === undefined ? undefined : decodeRunCursor(cursor);
    const runs = await this.runs.list(limit + 1, before);
    const data = runs.slice(0, limit);
    const last = data[data.length - 1];
    return { data, nextCursor: runs.length > limit && last ? encodeRunCursor(last) : null };
  }

  async items(
    id: string,
    query: { kind?: unknown; cursor?: unknown; limit: number },
  ): Promise<{ data: RunItemRecord[]; nextCursor: string | null }> {
    const errors: { field: string; message: string }[] = [];
    if (query.kind !== undefined && !isDiscrepancyKind(query.kind)) {
      errors.push({
        field: 'kind',
        message: 'must be missingAtProvider, unknownAtProvider, amountMismatch or statusMismatch',
      });
    }
    if (query.cursor !== undefined && (typeof query.cursor !== 'string' || !/^[1-9]\d{0,18}$/.test(query.cursor))) {
      errors.push({ field: 'cursor', message: 'is not a position this page gave' });
    }
    if (errors.length > 0) throw new DomainValidationError(errors);
    const run = await this.run(id);
    const items = await this.runs.items(run.id, {
      ...(query.kind !== undefined ? { kind: query.kind as DiscrepancyKind } : {}),
      ...(query.cursor !== undefined ? { afterId: query.cursor as string } : {}),
      limit: query.limit + 1,
    });
    const data = items.slice(0, query.limit);
    return { data, nextCursor: items.length > query.limit ? data[data.length - 1].id : null };
  }

  /** Every discrepancy of the run as CSV lines (header first), read in keyset pages: constant memory. */
  async *csv(id: string): AsyncGenerator<string> {
    const run = await this.run(id);
    yield `${ITEM_CSV_HEADER}\n`;
    for (let afterId: string | undefined; ;) {
      const items = await this.runs.items(run.id, { ...(afterId ? { afterId } : {}), limit: ITEMS_PAGE_MAX });
      if (items.length === 0) return;
      yield items.map(csvLine).join('');
      afterId = items[items.length - 1].id;
    }
  }
}

export const ITEM_CSV_HEADER =
  'kind,payoutId,ourReference,ourAmount,ourCurrency,ourStatus,providerId,providerReference,providerAmount,providerCurrency,providerStatus,providerCreatedAt,providerProblem';

/** RFC 4180 quoting; a cell starting with a formula character is prefixed so a spreadsheet shows it as text. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(item: RunItemRecord): string {
  return `${[
    item.kind,
    item.payoutId,
    item.ourReference,
    item.ourAmount?.toString() ?? null,
    item.ourCurrency,
    item.ourStatus,
    item.providerId,
    item.providerReference,
    item.providerAmount?.toString() ?? null,
    item.providerCurrency,
    item.providerStatus,
    item.providerCreatedAt?.toISOString() ?? null,
    item.providerProblem,
  ]
    .map(csvCell)
    .join(',')}\n`;
}

const encodeRunCursor = (run: RunRecord): string =>
  Buffer.from(`${run.startedAt.toISOString()}|${run.id}`, 'utf8').toString('base64url');

function decodeRunCursor(cursor: string): { startedAt: Date; id: string } {
  const [time, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(time ?? '');
  if (
    rest.length > 0 ||
    id === undefined ||
    !/^[0-9a-f-]{36}$/.test(id) ||
    Number.isNaN(startedAt.getTime()) ||
    encodeRunCursor({ startedAt, id } as RunRecord) !== cursor
  ) {
    throw new DomainValidationError([{ field: 'cursor', message: 'is not a position this page gave' }]);
  }
  return { startedAt, id };
}
