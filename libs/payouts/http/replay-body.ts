import { requestHash } from '../application';
import { checkIban } from '../domain';

/**
 * The body an idempotent replay compares, as the contract reads "the same body": the IBAN in its electronic form, so
 * `TR32 0010 ...` and `TR320010...` (which make the same payout) are one body. Called after validation; a body whose
 * IBAN does not check, or is already in electronic form, is returned as sent (the same object).
 */
export function replayComparableBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const beneficiary = (body as Record<string, unknown>).beneficiary;
  if (typeof beneficiary !== 'object' || beneficiary === null || Array.isArray(beneficiary)) return body;
  const iban = (beneficiary as Record<string, unknown>).iban;
  if (typeof iban !== 'string') return body;
  const check = checkIban(iban);
  if (!check.ok || check.iban === iban) return body;
  return { ...body, beneficiary: { ...beneficiary, iban: check.iban } };
}

/**
 * The request hashes of a POST /v1/payouts body: `requestHash`, stored with a new key and compared on replay, and,
 * only when the IBAN was sent in another form than its electronic one, `requestHashAsSent`, the hash of the body
 * exactly as sent. Keys stored before replays compared the IBAN's electronic form hold that one, and keys never
 * expire while their payout exists: without it the exact body of such a key would now get 422.
 */
export function replayRequestHashes(body: unknown): { requestHash: string; requestHashAsSent?: string } {
  const comparable = replayComparableBody(body);
  if (comparable === body) return { requestHash: requestHash(body) };
  return { requestHash: requestHash(comparable), requestHashAsSent: requestHash(body) };
}
