import type { ErrorCode, FieldError } from '@libs/platform/errors';

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
