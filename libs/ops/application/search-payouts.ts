import { decodeListCursorOrThrow, encodeListCursor, toPayoutView, type PayoutView } from '@libs/payouts/application';
import { DomainValidationError } from '@libs/payouts/domain';
import type { OpsConsoleStore, PayoutSearch } from './ops-console.port';

export const SEARCH_PAGE_SIZE = 25;
const TERM_MAX = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAST4 = /^[0-9A-Za-z]{4}$/;
/** Something that reads as a whole IBAN: the console asks for its last four only, so the full one is never sent. */
const WHOLE_IBAN = /^[A-Za-z]{2}\d{2}[0-9A-Za-z ]{11,}$/;

export interface SearchPage {
  term: string;
  data: PayoutView[];
  nextCursor: string | null;
}

/** What a person typed, as the places it can match; a whole IBAN is refused rather than searched. */
export function searchOf(input: string, limit: number): Omit<PayoutSearch, 'after'> {
  const text = input.trim();
  if (text === '' || text.length > TERM_MAX) {
    throw new DomainValidationError([{ field: 'q', message: `type 1 to ${TERM_MAX} characters` }]);
  }
  if (WHOLE_IBAN.test(text) && /\d{8}/.test(text.replace(/\s/g, ''))) {
    throw new DomainValidationError([{ field: 'q', message: 'type only the last 4 characters of an IBAN' }]);
  }
  return {
    text,
    ...(UUID.test(text) ? { payoutId: text.toLowerCase() } : {}),
    ...(LAST4.test(text) ? { ibanLast4: text.toUpperCase() } : {}),
    limit,
  };
}

/** The console's search over every client's payouts: id, reference, provider reference or IBAN last four. */
export class SearchPayouts {
  constructor(private readonly store: OpsConsoleStore) {}

  async execute(input: { q: string; cursor?: string }): Promise<SearchPage> {
    const search = searchOf(input.q, SEARCH_PAGE_SIZE);
    const after = input.cursor ? decodeListCursorOrThrow(input.cursor) : undefined;
    // One row more than a page says whether there is a next one.
    const rows = await this.store.searchPayouts({ ...search, limit: search.limit + 1, ...(after ? { after } : {}) });
    const page = rows.slice(0, search.limit);
    const last = page[page.length - 1];
    return {
      term: search.text,
      data: page.map(toPayoutView),
      nextCursor: rows.length > search.limit && last ? encodeListCursor(last) : null,
    };
  }
}
