import { isJsonObject, jsonString, JsonValue } from '@libs/platform/json';
import type { FailureCode } from '../contract/payout-provider';
import type { RailSupport } from '../contract/payout-provider';
import { parseRetryAfterMs } from '../contract/retry-policy';

/**
 * Every [A] of providers/pientegra.md that this adapter's code depends on, and nothing else. When Pientegra confirms
 * or corrects one, this file (and the README table that lists it) is the only place to change.
 */

/** [A path] Status lookup of one withdrawal. */
export const withdrawalPath = (withdrawalId: string): string =>
  `/external/withdrawals/${encodeURIComponent(withdrawalId)}`;

/** [A shape] Error bodies are `{ "error": { "code", "message", "details"? } }`. */
export interface PientegraErrorBody {
  code?: string;
  message?: string;
  details?: unknown;
}

export function readPientegraError(body: JsonValue | undefined): PientegraErrorBody {
  const error = isJsonObject(body) && isJsonObject(body.error) ? body.error : undefined;
  return { code: jsonString(error?.code), message: jsonString(error?.message), details: error?.details };
}

/** [A] Replaying a key with a different body answers 409 with this code: something exists under the key. */
export const IDEMPOTENCY_CONFLICT_CODE = 'idempotency_conflict';

/**
 * [A] A withdrawal the account balance cannot cover answers 422 with this code, nothing created; another provider may
 * pay it. Pientegra documents no balance read [A: none], so the adapter has no `readBalance` and its balance stays
 * unknown to routing (unknown is not zero): this refusal is all it tells.
 */
export const INSUFFICIENT_BALANCE_CODE = 'insufficient_balance';

/** [A] An unknown withdrawal id answers 404 (`{ "error": { "code": "not_found" } }`). */
export const UNKNOWN_WITHDRAWAL_STATUS = 404;

/**
 * [A] Idempotency keys are kept at least 24 h. Past that a replayed create could make a second withdrawal, so a
 * lookup without a withdrawalId refuses to replay an attempt older than this.
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1_000;

/**
 * [A] The rails a withdrawal goes on: pientegra.md names none. Taken as the banks' own: FAST up to the central bank's
 * cap (FAST_MAX_AMOUNT), EFT above it, so a payout above the cap waits for the EFT window.
 */
export const railsUpTo = (fastMaxAmount: bigint): RailSupport => ({ fast: { maxAmount: fastMaxAmount }, eft: true });

/** [A, from deposits] Amount bounds in minor units; routing reads them from the capabilities. */
export const AMOUNT_BOUNDS = { min: 100n, max: 100_000_000n } as const;

/**
 * [A] IBAN countries a withdrawal can pay to. pientegra.md says TRY only [V] and names no country: a TRY withdrawal
 * lands in a Turkish bank account, so anything else is refused before it reaches Pientegra.
 */
export const IBAN_COUNTRIES: readonly string[] = ['TR'];

/**
 * [A] A `validation_failed` that names one of these fields (in `details`) is about the beneficiary: the holder name
 * not matching the IBAN is a mismatch, not a malformed request.
 */
export const VALIDATION_FIELD_FAILURES: Readonly<Record<string, FailureCode>> = {
  targetHolderName: 'beneficiary_mismatch',
  targetIban: 'invalid_beneficiary',
};

/** [A] Retry-After (on 429, and on 503 if sent) is in seconds; an HTTP date is read too. */
export const retryAfterMs = (headers: Headers, nowMs: number): number | undefined =>
  parseRetryAfterMs(headers.get('retry-after'), nowMs);

/** [A] Missed-delivery listing: `GET /external/events?deliveryStatus=FAILED,DEAD` -> `{ data: [{ eventId }], nextCursor }`. */
export const UNDELIVERED_EVENTS_QUERY = 'deliveryStatus=FAILED,DEAD';

/**
 * [A] Listing page size: pientegra.md names `limit` [V] but not its bounds; 100 is the largest we ask for (the
 * sandbox's reading), so a day of 100,000 withdrawals is 1,000 pages of the 60-a-minute budget.
 */
export const LISTING_PAGE_SIZE = 100;
