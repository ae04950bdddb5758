import type { EftWindow } from './eft-window';
import { addDays, istanbulDateOf, istanbulTime, MINUTES_PER_DAY, weekdayOf, type CalendarDate } from './istanbul-time';
import type { OfficialCalendar } from './official-holidays';

/** An ops closure (calendar_closures): no EFT on `date`, or EFT only until `halfDayUntil` (minutes after midnight). */
export interface Closure {
  date: CalendarDate;
  reason: string;
  halfDayUntil?: number;
}

/** EFT's hours on one date as instants: `opensAt` inclusive, `closesAt` exclusive. */
export interface EftHours {
  opensAt: Date;
  closesAt: Date;
}

/** How far ahead nextEftOpening looks: closures cannot close more than this many days in a row in practice. */
export const SEARCH_DAYS = 400;

/** No EFT opening within SEARCH_DAYS (every day closed): a configuration or closures mistake, not a wait. */
export class NoEftOpeningError extends Error {
  override readonly name = 'NoEftOpeningError';
}

/**
 * When EFT moves (money-movement.md): the EFT_WINDOW's days and hours, minus the official holidays (whole days, and
 * the half days of their eves) and the ops closures (whole days, or the day cut at `halfDayUntil`). Where a holiday
 * and a closure fall on one date, the earlier end wins. FAST is never closed, so it has no calendar.
 */
export class BankCalendar {
  private readonly closures: ReadonlyMap<CalendarDate, Closure>;

  constructor(
    private readonly window: EftWindow,
    private readonly official: OfficialCalendar,
    closures: readonly Closure[] = [],
  ) {
    this.closures = new Map(closures.map((closure) => [closure.date, closure]));
  }

  /** EFT's hours on `date`, or undefined when it does not open that day. */
  eftHoursOn(date: CalendarDate): EftHours | undefined {
    if (!this.window.days.has(weekdayOf(date))) return undefined;
    let closesAt = this.window.closesAt;
    for (const closing of [this.official(date), this.closures.get(date)]) {
      if (closing === undefined) continue;
      closesAt = Math.min(closesAt, closing.halfDayUntil ?? 0);
    }
    if (closesAt <= this.window.opensAt) return undefined;
    return { opensAt: istanbulTime(date, this.window.opensAt), closesAt: istanbulTime(date, closesAt) };
  }

  isEftOpen(at: Date): boolean {
    const hours = this.eftHoursOn(istanbulDateOf(at));
    return hours !== undefined && hours.opensAt <= at && at < hours.closesAt;
  }

  /** The first instant at or after `at` at which EFT is open: `at` itself when it is open now. */
  nextEftOpening(at: Date): Date {
    const today = istanbulDateOf(at);
    for (let day = 0; day <= SEARCH_DAYS; day++) {
      const hours = this.eftHoursOn(addDays(today, day));
      if (hours === undefined || hours.closesAt <= at) continue;
      return hours.opensAt > at ? hours.opensAt : at;
    }
    throw new NoEftOpeningError(`EFT does not open within ${SEARCH_DAYS} days of ${at.toISOString()}`);
  }

  /**
   * When the EFT window open at `at` closes; a window that runs to midnight into a next day's window from midnight
   * (`00:00-24:00`) is one stretch. Undefined when EFT is closed at `at`.
   */
  eftClosesAfter(at: Date): Date | undefined {
    if (!this.isEftOpen(at)) return undefined;
    let date = istanbulDateOf(at);
    let hours = this.eftHoursOn(date) as EftHours;
    for (let day = 0; day < SEARCH_DAYS; day++) {
      const next = this.eftHoursOn(addDays(date, 1));
      const runsOn =
        next !== undefined &&
        hours.closesAt.getTime() === istanbulTime(date, MINUTES_PER_DAY).getTime() &&
        next.opensAt.getTime() === hours.closesAt.getTime();
      if (!runsOn) break;
      date = addDays(date, 1);
      hours = next;
    }
    return hours.closesAt;
  }
}
