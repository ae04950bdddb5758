export { BankCalendar, NoEftOpeningError, SEARCH_DAYS, type Closure, type EftHours } from './bank-calendar';
export { DEFAULT_EFT_WINDOW, describeEftWindow, parseEftWindow, type EftWindow } from './eft-window';
export {
  EFT_COMPLETION_MS,
  expectedCompletionAt,
  FAST_COMPLETION_MS,
  type CompletionBasis,
} from './expected-completion';
export {
  addDays,
  formatTimeOfDay,
  ISTANBUL_OFFSET_MS,
  ISTANBUL_ZONE,
  istanbulDateOf,
  istanbulMidnight,
  istanbulTime,
  readCalendarDate,
  readTimeOfDay,
  weekdayOf,
  type CalendarDate,
  type Weekday,
} from './istanbul-time';
export {
  EVE_CLOSES_AT,
  turkishOfficialCalendar,
  type OfficialCalendar,
  type OfficialClosing,
} from './official-holidays';
export { chooseRail, type RailSupport } from './rail-choice';
