import Holidays from 'date-holidays';
import { addDays, DAY_MS, istanbulMidnight, ISTANBUL_ZONE, readTimeOfDay, type CalendarDate } from './istanbul-time';

/** How an official holiday changes EFT on one date: no EFT all day, or EFT only until `halfDayUntil`. */
export interface OfficialClosing {
  name: string;
  /** Minutes after Istanbul midnight; absent: closed all day. */
  halfDayUntil?: number;
}

/** The official closings of one Istanbul date, or undefined on an ordinary day. */
export type OfficialCalendar = (date: CalendarDate) => OfficialClosing | undefined;

/**
 * [A] The eve (arife) of the two Bayrams and of Republic Day is an official half day (afternoon off); EFT is taken
 * to stop at this time then. Ops can close such a day earlier with a closure (`halfDayUntil`), never later.
 */
export const EVE_CLOSES_AT = readTimeOfDay('12:30') as number;

/** The package's rule for Republic Day: its eve (28 October) is a half day the package does not list. */
const REPUBLIC_DAY_RULE = '10-29';

/**
 * Türkiye's official holidays from the `date-holidays` package (types `public` and `bank` only: observances move no
 * money), as whole Istanbul dates. The package starts each Bayram at sunset of its eve and runs it 90 or 114 hours
 * (Ramazan 3 days, Kurban 4); the banks close the whole days (the whole hours over 24) and half of the eve, so the
 * dates are the whole days from the holiday's date and the eve is a half day until EVE_CLOSES_AT. Computed per year
 * once per process.
 */
export function turkishOfficialCalendar(): OfficialCalendar {
  const holidays = new Holidays('TR', { timezone: ISTANBUL_ZONE, types: ['public', 'bank'] });
  const years = new Map<number, Map<CalendarDate, OfficialClosing>>();
  const closingsOf = (year: number): Map<CalendarDate, OfficialClosing> => {
    let closings = years.get(year);
    if (closings) return closings;
    closings = new Map();
    const fullDays = new Map<CalendarDate, string>();
    const eves = new Map<CalendarDate, string>();
    // The next year's first holiday may have its eve in this year.
    for (const holiday of [...holidays.getHolidays(year, 'en'), ...holidays.getHolidays(year + 1, 'en')]) {
      if (holiday.type !== 'public' && holiday.type !== 'bank') continue;
      const first = holiday.date.slice(0, 10);
      const days = Math.max(1, Math.floor((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      for (let day = 0; day < days; day++) fullDays.set(addDays(first, day), holiday.name);
      const startsOnItsEve = holiday.start.getTime() < istanbulMidnight(first).getTime();
      if (startsOnItsEve || holiday.rule === REPUBLIC_DAY_RULE) eves.set(addDays(first, -1), holiday.name);
    }
    for (const [date, name] of eves) {
      if (date.startsWith(`${year}-`) && !fullDays.has(date)) {
        closings.set(date, { name: `${name} (eve)`, halfDayUntil: EVE_CLOSES_AT });
      }
    }
    for (const [date, name] of fullDays) if (date.startsWith(`${year}-`)) closings.set(date, { name });
    years.set(year, closings);
    return closings;
  };
  return (date) => closingsOf(Number(date.slice(0, 4))).get(date);
}
