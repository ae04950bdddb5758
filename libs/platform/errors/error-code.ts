/**
 * The stable machine codes of api.md, shared by every context's errors. Plain TypeScript, so domain code may name
 * them; the problem filter (platform/http) is the only place that maps them to HTTP statuses.
 */
export const ERROR_CODES = [
  'validation_failed',
  'batch_invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'invalid_state',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'internal',
  'service_unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

/** One invalid input, named by its path in the request (`amount`, `beneficiary.iban`, `targets[1].weight`). */
export interface FieldError {
  field: string;
  /** Says what is wrong without echoing a full IBAN or national id. */
  message: string;
}
