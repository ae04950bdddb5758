import { csvRecord } from '@libs/platform/text';
import { toDecimalAmount, type MinorUnits, type PayoutStatus } from '../domain';
import type { PayoutListFilter } from './payout-store.port';

export const PAYOUT_EXPORT_ROWS = Symbol('PAYOUT_EXPORT_ROWS');

/** The export's columns, in order: its header line (money-movement.md, "Exports"). */
export const EXPORT_COLUMNS = [
  'id',
  'createdAt',
  'status',
  'amount',
  'amountDecimal',
  'currency',
  'reference',
  'customerId',
  'provider',
  'providerReference',
  'rail',
  'failureCode',
  'completedAt',
  'batchId',
] as const;

/** Rows read per round trip: a page is all the export holds in memory at once. */
export const EXPORT_PAGE_SIZE = 1000;
/** Rows per written chunk. */
const CHUNK_ROWS = 100;

/** One payout as the export writes it: only the columns it has, nothing sealed. */
export interface PayoutExportRow {
  id: string;
  /** ISO 8601 UTC, as `Date.toISOString` writes it. */
  createdAt: string;
  status: PayoutStatus;
  amount: MinorUnits;
  currency: string;
  reference: string | null;
  customerId: string | null;
  provider: string | null;
  /** The provider's own id of the latest attempt, once known. */
  providerReference: string | null;
  /** `fast` | `eft` once rails exist; null until then. */
  rail: string | null;
  failureCode: string | null;
  /** ISO 8601 UTC, as `Date.toISOString` writes it. */
  completedAt: string | null;
  /** The batch the payout came in, once batches exist; null for a payout created alone. */
  batchId: string | null;
}

export interface PayoutExportRows {
  /**
   * Up to `limit` payouts matching `filter`, newest first by (createdAt, id), strictly after the payout `afterId`
   * (the last of the previous page) when given: keyset pages, so a payout created during the export sorts before the
   * first page and is not written, and no row repeats or is skipped.
   */
  page(filter: PayoutListFilter, afterId: string | undefined, limit: number): Promise<PayoutExportRow[]>;
}

export const exportRecord = (row: PayoutExportRow): string =>
  csvRecord([
    row.id,
    row.createdAt,
    row.status,
    row.amount.toString(),
    toDecimalAmount(row.amount, row.currency),
    row.currency,
    row.reference,
    row.customerId,
    row.provider,
    row.providerReference,
    row.rail,
    row.failureCode,
    row.completedAt,
    row.batchId,
  ]);

/**
 * GET /v1/payouts/export: the payouts of a list filter as RFC 4180 CSV, in chunks of one page each. Never holds more
 * than one page: the caller writes a chunk and waits for the socket to drain before it asks for the next, and each
 * page is its own short query (no transaction or connection held while a slow reader downloads). The first chunk is
 * the header with the first page, so a failing first read is an error answer rather than a cut file.
 */
export class ExportPayouts {
  constructor(
    private readonly rows: PayoutExportRows,
    private readonly pageSize: number = EXPORT_PAGE_SIZE,
  ) {}

  async *csv(filter: PayoutListFilter): AsyncGenerator<string> {
    let chunk = csvRecord(EXPORT_COLUMNS);
    let afterId: string | undefined;
    for (;;) {
      const page = await this.rows.page(filter, afterId, this.pageSize);
      for (let i = 0; i < page.length; i += 1) {
        chunk += exportRecord(page[i]);
        // Chunks of about 16 KB: small strings die young; a whole page as one string would not.
        if (i % CHUNK_ROWS === CHUNK_ROWS - 1) {
          yield chunk;
          chunk = '';
        }
      }
      if (page.length < this.pageSize) {
        yield chunk;
        return;
      }
      afterId = page[page.length - 1].id;
    }
  }
}
