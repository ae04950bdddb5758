import type { ErrorCode, FieldError } from './error-code';

/**
 * An expected failure of an admin call (routing rules and providers, calendar closures): a code the problem filter
 * maps to its HTTP status and, for `validation_failed`, every field that was wrong. Each context names its own
 * subclass and codes, so an error says where it came from.
 */
export class AdminCallError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }

  /** `validation_failed` naming every field, as an instance of the subclass it is called on. */
  static invalid<T extends AdminCallError>(
    this: new (code: 'validation_failed', message: string, errors: readonly FieldError[]) => T,
    errors: readonly FieldError[],
  ): T {
    return new this('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}
