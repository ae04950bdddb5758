import type { ErrorCode, FieldError } from '@libs/platform/errors';

export const CALENDAR_ERROR_CODES = ['validation_failed', 'not_found'] as const satisfies readonly ErrorCode[];
export type CalendarErrorCode = (typeof CALENDAR_ERROR_CODES)[number];

/** An expected failure of a closures call; the problem filter maps `code` to the HTTP status (400, 404). */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }

  static invalid(errors: readonly FieldError[]): CalendarError {
    return new CalendarError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}
