/**
 * Europe/Istanbul as the bank calendar reads it. Türkiye has kept UTC+3 all year since September 2016 (no daylight
 * saving), so a local date and time is a fixed offset from UTC: no time zone database is needed, and no local time is
 * skipped or repeated.
 */
export const ISTANBUL_ZONE = 'Europe/Istanbul';
export const ISTANBUL_OFFSET_MS = 3 * 60 * 60 * 1_000;

export const MINUTE_MS = 60 * 1_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
export const MINUTES_PER_DAY = 24 * 60;

/** A calendar date in Europe/Istanbul, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** Days of the week as JavaScript numbers them (0 Sunday .. 6 Saturday), named as EFT_WINDOW writes them. */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `value` when it is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not), else undefined. */
export function readCalendarDate(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return value;
}

const TIME = /^(\d{2}):(\d{2})$/;

/** Minutes after local midnight of `HH:MM` (00:00..23:59, and 24:00 when `allowEndOfDay`), else undefined. */
export function readTimeOfDay(value: unknown, allowEndOfDay = false): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TIME.exec(value);
  if (!match) return undefined;
  const [hours, minutes] = match.slice(1).map(Number);
  if (allowEndOfDay && hours === 24 && minutes === 0) return MINUTES_PER_DAY;
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

/** `HH:MM` of minutes after local midnight (1440 is `24:00`). */
export const formatTimeOfDay = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const localOf = (at: Date): Date => new Date(at.getTime() + ISTANBUL_OFFSET_MS);

/** The Istanbul calendar date `at` falls on. */
export const istanbulDateOf = (at: Date): CalendarDate => localOf(at).toISOString().slice(0, 10);

/** The instant of local midnight starting `date`. */
export const istanbulMidnight = (date: CalendarDate): Date =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) - ISTANBUL_OFFSET_MS);

/** The instant `minutes` after local midnight of `date` (1440: the next midnight). */
export const istanbulTime = (date: CalendarDate, minutes: number): Date =>
  new Date(istanbulMidnight(date).getTime() + minutes * MINUTE_MS);

export const addDays = (date: CalendarDate, days: number): CalendarDate =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const weekdayOf = (date: CalendarDate): Weekday => new Date(`${date}T00:00:00.000Z`).getUTCDay() as Weekday;
