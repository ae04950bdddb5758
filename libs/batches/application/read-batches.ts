import {
  decodeListCursorOrThrow,
  encodeListCursor,
  toPayoutView,
  type PayoutRecord,
  type PayoutView,
} from '@libs/payouts/application';
import { DomainValidationError, PayoutError, toJsonAmount } from '@libs/payouts/domain';
import type { BatchVisibility } from './batch-record';
import type { BatchReads } from './batch-store.port';
import { toBatchView, type BatchView } from './batch-view';

export const BATCH_LIST_LIMIT = { min: 1, max: 100, default: 20 } as const;
export const BATCH_ITEMS_LIMIT = { min: 1, max: 500, default: 100 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const notFound = (id: string) => new PayoutError('not_found', `no payout batch ${id.slice(0, 64)}`);

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** An items cursor: the last item's id (items are listed in creation order, the order of the request). */
const encodeItemCursor = (id: string) => Buffer.from(`item|${id}`, 'utf8').toString('base64url');
function decodeItemCursorOrThrow(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('item|') ? text.slice('item|'.length) : '';
  if (!UUID.test(id) || encodeItemCursor(id) !== cursor) {
    throw new DomainValidationError([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  return id;
}

/** The batch reads of the API: a batch with its counts, the batches, a batch's items (pages, or every one). */
export class ReadBatches {
  constructor(private readonly reads: BatchReads) {}

  async get(id: string, visibility: BatchVisibility): Promise<BatchView> {
    const batch = await this.reads.find(id, visibility);
    if (!batch) throw notFound(id);
    return toBatchView(batch, await this.reads.counts(id));
  }

  /** Newest first by (createdAt, id), each with its counts. */
  async list(visibility: BatchVisibility, params: { limit?: number; cursor?: string }): Promise<Page<BatchView>> {
    const limit = params.limit ?? BATCH_LIST_LIMIT.default;
    const before = params.cursor === undefined ? undefined : decodeListCursorOrThrow(params.cursor);
    const rows = await this.reads.list(visibility, before, limit + 1);
    const page = rows.slice(0, limit);
    const views = await Promise.all(page.map(async (batch) => toBatchView(batch, await this.reads.counts(batch.id))));
    const last = page[page.length - 1];
    return { data: views, nextCursor: rows.length > limit && last ? encodeListCursor(last) : null };
  }

  /**
   * The approvals queue of batches (`GET /v1/approvals/batches`, decision 0013): every client's batch awaiting approval,
   * oldest first by (createdAt, id), each with its counts.
   */
  async awaitingApproval(params: { limit?: number; cursor?: string }): Promise<Page<BatchView>> {
    const limit = params.limit ?? BATCH_LIST_LIMIT.default;
    const after = params.cursor === undefined ? undefined : decodeListCursorOrThrow(params.cursor);
    const rows = await this.reads.awaitingApproval(after, limit + 1);
    const page = rows.slice(0, limit);
    const views = await Promise.all(page.map(async (batch) => toBatchView(batch, await this.reads.counts(batch.id))));
    const last = page[page.length - 1];
    return { data: views, nextCursor: rows.length > limit && last ? encodeListCursor(last) : null };
  }

  async items(
    id: string,
    visibility: BatchVisibility,
    params: { status?: PayoutRecord['status']; limit?: number; cursor?: string },
  ): Promise<Page<PayoutView>> {
    const afterId = params.cursor === undefined ? undefined : decodeItemCursorOrThrow(params.cursor);
    if (!(await this.reads.find(id, visibility))) throw notFound(id);
    const limit = params.limit ?? BATCH_ITEMS_LIMIT.default;
    const rows = await this.reads.items(id, { status: params.status, afterId, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toPayoutView), nextCursor: rows.length > limit && last ? encodeItemCursor(last.id) : null };
  }

  /** Checks the batch is visible, then yields every item in pages of `pageSize` (memory stays one page). */
  async itemsForExport(id: string, visibility: BatchVisibility, pageSize = 1000): Promise<AsyncIterable<PayoutRecord>> {
    if (!(await this.reads.find(id, visibility))) throw notFound(id);
    const reads = this.reads;
    return {
      async *[Symbol.asyncIterator]() {
        let afterId: string | undefined;
        for (;;) {
          const rows = await reads.items(id, { afterId, limit: pageSize });
          yield* rows;
          if (rows.length < pageSize) return;
          afterId = rows[rows.length - 1].id;
        }
      },
    };
  }
}

/** The columns of `GET /v1/payout-batches/{id}/items.csv`, in order. */
export const ITEMS_CSV_COLUMNS = [
  'itemReference',
  'payoutId',
  'status',
  'amount',
  'currency',
  'provider',
  'providerReference',
  'failureCode',
  'completedAt',
] as const;

/**
 * RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled; an absent value is empty.
 * Values are written as they are (an itemReference is matched by programs), never prefixed against spreadsheets.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function itemsCsvRow(item: PayoutRecord): string {
  return [
    item.itemReference,
    item.id,
    item.status,
    toJsonAmount(item.amount),
    item.currency,
    item.provider,
    item.providerReference,
    item.failure?.code ?? null,
    item.completedAt?.toISOString() ?? null,
  ]
    .map(csvField)
    .join(',');
}
