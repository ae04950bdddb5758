import { isJsonObject, jsonIdText, jsonNumberText, JsonObject, JsonValue } from '@libs/platform/json';
import type { RailSupport } from '../contract/payout-provider';

/**
 * Every [A] of providers/sipay.md that this adapter's code depends on and that is not a configuration key. When
 * Sipay confirms or corrects one, this file (and the README table that lists it) is the only place to change.
 * Config-held [A]s: SIPAY_CONSISTENCY_WINDOW, SIPAY_WEBHOOK_WINDOW, SIPAY_CLIENT_KEY (x-client-id), SIPAY_SCOPE.
 */

/** [A] Refresh the token when this share of its lifetime has passed. */
export const TOKEN_REFRESH_AT_SHARE_OF_LIFE = 0.8;

/** [A] A 401 from the API means our token is no longer valid: refresh it once and send again, once. */
export const REFRESHES_PER_UNAUTHORIZED = 1;

/**
 * [A] The HTTP status is transport only: an envelope whose `code` is in our table decides, whatever the status. A
 * 5xx or 429 without one (no envelope, or a code such as "500" that we do not know) is a server fault, retried
 * under the same ext_transaction_id.
 */
export const ENVELOPE_DECIDES_OVER_HTTP_STATUS = true;

/** [A] An unknown `ext_transaction_id` answers envelope code 300 with `payload: null`. */
export const LOOKUP_NOT_FOUND_CODE = '300';

/**
 * [A] The lookup record sits directly under `payload`, or under `payload.results` (an object, or a list of which we
 * take the record with our `ext_transaction_id`).
 */
export function lookupRecord(payload: JsonValue | undefined, reference: string): JsonObject | undefined {
  if (!isJsonObject(payload)) return undefined;
  const results = payload.results;
  if (Array.isArray(results)) {
    const records = results.filter(isJsonObject);
    return records.find((r) => r.ext_transaction_id === reference) ?? records[0];
  }
  if (isJsonObject(results)) return results;
  return 'process_level_status' in payload ? payload : undefined;
}

/**
 * [A] One transfer has one id under three names: send-money `payload.request_id`, the lookup record's `id` and the
 * webhook's `request_withdraw_id` (the sandbox uses the same reading).
 */
export const PROVIDER_ID_FIELDS = { sendMoney: 'request_id', lookup: 'id', webhook: 'request_withdraw_id' } as const;

/** [A] Unknown envelope code on a send: look the attempt up once before deciding. */
export const LOOKUPS_AFTER_UNCLEAR_SEND = 1;

/**
 * [A] Amount bounds in minor units; sipay.md documents neither. The minimum is the smallest amount its two-decimal
 * major units carry (0.01 TRY). The maximum, 100,000.00 TRY, is the per-transfer ceiling of FAST, the instant
 * interbank system a transfer that completes within seconds to minutes rides, as we last knew it; above it a transfer
 * would wait for EFT hours or be refused as code 310 (limit insufficient, not executed, failover allowed), which stays
 * the backstop if the real ceiling is lower. An admin can only narrow it (PATCH /v1/providers/sipay maxAmount).
 */
export const AMOUNT_BOUNDS = { min: 1n, max: 10_000_000n } as const;

/** [A path and body] `Wallet Info` is in Sipay's API menu [V]; its request is assumed `{ wallet_number }`. */
export const WALLET_INFO_PATH = '/v1/Wallet/GetWalletInfo';

/** [A] The sending wallet's currency when `wallet_info.currency_code` is absent: the one currency we send in. */
export const WALLET_DEFAULT_CURRENCY = 'TRY';

/**
 * `payload.wallet_info.payment_balance.available` [V on send answers; A that Wallet Info's payload has the same
 * `wallet_info`]: the balance transfers are paid from, in major units.
 */
export function walletInfoOf(payload: JsonValue | undefined): JsonObject | 'malformed' | undefined {
  if (!isJsonObject(payload) || !('wallet_info' in payload)) return undefined;
  return isJsonObject(payload.wallet_info) ? payload.wallet_info : 'malformed';
}
/**
 * [A] The rails a transfer goes on: sipay.md names none. Taken as the banks' own: FAST up to the central bank's cap
 * (FAST_MAX_AMOUNT), EFT above it (which AMOUNT_BOUNDS keeps out today unless FAST_MAX_AMOUNT is set lower).
 */
export const railsUpTo = (fastMaxAmount: bigint): RailSupport => ({ fast: { maxAmount: fastMaxAmount }, eft: true });

/**
 * [A] GetRequestWithdrawListByFilter: sipay.md verifies only "paged, `start_date`/`end_date`". We send
 * `{ start_date, end_date, page, page_size }` with ISO 8601 UTC times (`end_date` exclusive) and pages from 1, and read
 * `payload.results` (records shaped like the lookup's) with `payload.total_count`.
 */
export const LISTING_PAGE_SIZE = 500;

export function listingRequest(from: Date, to: Date, page: number): Record<string, unknown> {
  return { start_date: from.toISOString(), end_date: to.toISOString(), page, page_size: LISTING_PAGE_SIZE };
}

/** [A] The records of a listing page, and whether a page after `page` exists (by `total_count`). */
export function listingPage(
  payload: JsonValue | undefined,
  page: number,
): { records: JsonValue[]; hasMore: boolean } | undefined {
  if (!isJsonObject(payload) || !Array.isArray(payload.results)) return undefined;
  const totalText = jsonNumberText(payload.total_count) ?? jsonIdText(payload.total_count);
  if (totalText === undefined || !/^\d{1,12}$/.test(totalText)) return undefined;
  return { records: payload.results, hasMore: page * LISTING_PAGE_SIZE < Number(totalText) };
}
