import { checkIban } from '../domain';

/**
 * The body an idempotent replay compares, as the contract reads "the same body": the IBAN in its electronic form, so
 * `TR32 0010 ...` and `TR320010...` (which make the same payout) are one body. Called after validation; a body whose
 * IBAN does not check is left as sent.
 */
export function replayComparableBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const beneficiary = (body as Record<string, unknown>).beneficiary;
  if (typeof beneficiary !== 'object' || beneficiary === null || Array.isArray(beneficiary)) return body;
  const iban = (beneficiary as Record<string, unknown>).iban;
  if (typeof iban !== 'string') return body;
  const check = checkIban(iban);
  if (!check.ok) return body;
  return { ...body, beneficiary: { ...beneficiary, iban: check.iban } };
}
