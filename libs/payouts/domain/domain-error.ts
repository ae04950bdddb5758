export const ERROR_CODES = [
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'invalid_state',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Path of the offending input, e.g. `amount` or `beneficiary.iban`. */
  field: string;
  /** Says what is wrong without echoing a full IBAN or national id. */
  message: string;
}

/** An expected failure with a stable code; the HTTP layer maps the code to a status (style.md §7). */
export class PayoutError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PayoutError';
  }
}

/** Every problem found in an input, each naming its field; the message lists them all for logs and `detail`. */
export class DomainValidationError extends PayoutError {
  readonly errors: readonly FieldError[];

  constructor(errors: readonly FieldError[]) {
    super('validation_failed', errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'DomainValidationError';
    this.errors = errors;
  }
}

/**
 * A well-formed request that no enabled provider can pay (a currency or IBAN country none pays, a pinned provider
 * that cannot take it): the same `validation_failed` with its fields, answered 422 instead of 400.
 */
export class UnpayableRequestError extends DomainValidationError {
  readonly httpStatus = 422;

  constructor(errors: readonly FieldError[]) {
    super(errors);
    this.name = 'UnpayableRequestError';
  }
}
