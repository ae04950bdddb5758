import { listedAmount } from '../scenarios/scenario.table';
import type { Reply } from '../server/http-io';
import { firstCreatedAtOrAfter } from '../store/transfer.store';
import { minorToMajor } from './sipay.amount';
import { sipayEnvelope } from './sipay.envelope';
import { jsonNumber, numberText } from './sipay.json';
import { lookupPayload } from './sipay.payloads';
import { SIPAY_SCENARIOS } from './sipay.scenarios';
import type { SipayTransfer } from './sipay.transfer';

export const SIPAY_DEFAULT_PAGE_SIZE = 50;
export const SIPAY_MAX_PAGE_SIZE = 1_000;

/**
 * `POST /v1/TransactionData/GetRequestWithdrawListByFilter` (sipay.md: paged, `start_date`/`end_date` [V]; the rest
 * is this sandbox's reading [A]): body `{ start_date, end_date, page, page_size }` with ISO 8601 times (`start_date`
 * inclusive, `end_date` exclusive), `page` from 1, `page_size` 1..1000 (default 50). Payload `{ total_count, page,
 * page_size, results }`, oldest first, each result shaped like the GetRequestWithdrawByExtId record. Scenario 95 shows
 * `base_amount` 1.00 TRY higher and 96 leaves the record out (sandbox.md); `total_count` counts the records in the
 * range as recorded, so a page may hold fewer results than `page_size` and is not the last one for that.
 */
export function listWithdrawRequests(inOrder: readonly SipayTransfer[], body: unknown): Reply {
  const query = parseQuery(body);
  if (typeof query === 'string') return sipayEnvelope(400, '400', null, query);
  const first = firstCreatedAtOrAfter(inOrder, query.fromMs);
  const end = firstCreatedAtOrAfter(inOrder, query.toMs);
  const total = Math.max(0, end - first);
  const start = first + (query.page - 1) * query.pageSize;
  const results: Record<string, unknown>[] = [];
  for (let index = start; index < Math.min(end, start + query.pageSize); index += 1) {
    const transfer = inOrder[index];
    const amount = listedAmount(SIPAY_SCENARIOS[transfer.scenario], transfer.amountMinor);
    if (amount === undefined) continue;
    results.push({ ...lookupPayload(transfer), base_amount: jsonNumber(minorToMajor(amount, 4)) });
  }
  return sipayEnvelope(200, '100', {
    total_count: total,
    page: query.page,
    page_size: query.pageSize,
    results,
  });
}

interface ListQuery {
  fromMs: number;
  toMs: number;
  page: number;
  pageSize: number;
}

const asObject = (body: unknown): Record<string, unknown> | undefined =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

function parseQuery(body: unknown): ListQuery | string {
  const input = asObject(body);
  if (!input) return 'body must be a JSON object';
  const fromMs = timeOf(input.start_date);
  const toMs = timeOf(input.end_date);
  if (fromMs === undefined || toMs === undefined) return 'start_date and end_date must be ISO 8601 times';
  const page = integerOf(input.page, 1);
  const pageSize = integerOf(input.page_size, SIPAY_DEFAULT_PAGE_SIZE);
  if (page === undefined || page < 1) return 'page must be an integer from 1';
  if (pageSize === undefined || pageSize < 1 || pageSize > SIPAY_MAX_PAGE_SIZE) {
    return `page_size must be 1..${SIPAY_MAX_PAGE_SIZE}`;
  }
  return { fromMs, toMs, page, pageSize };
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function integerOf(value: unknown, absent: number): number | undefined {
  if (value === undefined || value === null) return absent;
  const text = typeof value === 'string' ? value : numberText(value);
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}
