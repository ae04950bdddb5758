/** The stable machine codes of api.md; the problem filter is the only place that maps them to HTTP statuses. */
export const ERROR_CODES = [
  'validation_failed',
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

export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
};

export interface FieldError {
  field: string;
  message: string;
}

/** An expected error with a stable code. Domain errors need not extend it: the filter reads `code` and `errors`. */
export class ProblemError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ProblemError';
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

/** How long a caller refused for a dependency outage is told to wait before trying again. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * 503 `service_unavailable` with `Retry-After`: the action needs a dependency that is unreachable right now (Redis),
 * and is refused at once instead of waiting for it. Nothing was changed; the same request may be sent again.
 */
export const serviceUnavailable = (detail: string): ProblemError =>
  new ProblemError('service_unavailable', detail, undefined, {
    'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS),
  });
