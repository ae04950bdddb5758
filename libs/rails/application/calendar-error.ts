import { AdminCallError, type ErrorCode } from '@libs/platform/errors';

export const CALENDAR_ERROR_CODES = ['validation_failed', 'not_found'] as const satisfies readonly ErrorCode[];
export type CalendarErrorCode = (typeof CALENDAR_ERROR_CODES)[number];

/** An expected failure of a closures call; the problem filter maps `code` to the HTTP status (400, 404). */
export class CalendarError extends AdminCallError<CalendarErrorCode> {
  override readonly name = 'CalendarError';
}
