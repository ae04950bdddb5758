import { decodeListCursorOrThrow, encodeListCursor } from './cursor';
import type { PayoutListFilter, PayoutStore } from './payout-store.port';
import { toPayoutView, type PayoutView } from './payout-view';

export const LIST_LIMIT = { min: 1, max: 100, default: 20 } as const;

export interface ListPayoutsParams extends PayoutListFilter {
  limit?: number;
  cursor?: string;
}

export interface PayoutPage {
  data: PayoutView[];
  nextCursor: string | null;
}

/**
 * Newest first by (createdAt, id). The cursor is the last row's position, so a page never repeats or skips a row
 * that existed when the first page was read, however many payouts are created meanwhile (they sort before it).
 */
export class ListPayouts {
  constructor(private readonly store: PayoutStore) {}

  async execute(params: ListPayoutsParams): Promise<PayoutPage> {
    const limit = params.limit ?? LIST_LIMIT.default;
    const rows = await this.store.payouts.list({
      visibility: params.visibility,
      status: params.status,
      provider: params.provider,
      reference: params.reference,
      createdFrom: params.createdFrom,
      createdTo: params.createdTo,
      before: params.cursor === undefined ? undefined : decodeListCursorOrThrow(params.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toPayoutView),
      nextCursor: rows.length > limit && last ? encodeListCursor(last) : null,
    };
  }
}
