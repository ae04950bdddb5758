import type { ErrorCode, FieldError } from '@libs/platform/errors';

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

/**
 * A body whose fields are well-formed but whose `scheduledFor` cannot be honoured (not a time with an offset, or
 * further ahead than allowed): `validation_failed` naming it, answered 422 like a refusal (programs.md).
 */
export class ScheduleRefusedError extends DomainValidationError {
  readonly httpStatus = 422;

  constructor(errors: readonly FieldError[]) {
    super(errors);
    this.name = 'ScheduleRefusedError';
  }
}
