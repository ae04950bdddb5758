export { CALENDAR_ERROR_CODES, CalendarError, type CalendarErrorCode } from './calendar-error';
export type { CalendarStore, CalendarUnitOfWork, ClosureRows } from './closures.port';
export { LoadBankCalendar } from './load-bank-calendar';
export { RailCompletion } from './rail-completion';
export {
  CLOSURE_REASON_MAX_LENGTH,
  ManageClosures,
  toClosureView,
  type CalendarCommand,
  type ClosureView,
} from './manage-closures';
