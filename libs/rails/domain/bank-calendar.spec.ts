import fc from 'fast-check';
import { BankCalendar, NoEftOpeningError, type Closure } from './bank-calendar';
import { DEFAULT_EFT_WINDOW, parseEftWindow } from './eft-window';
import { MINUTE_MS } from './istanbul-time';
import { turkishOfficialCalendar } from './official-holidays';

const official = turkishOfficialCalendar();
const calendarOf = (window = DEFAULT_EFT_WINDOW, closures: Closure[] = []) =>
  new BankCalendar(parseEftWindow(window), official, closures);
const at = (iso: string) => new Date(iso);

describe('BankCalendar with the default window (Mon-Fri 08:30-16:45 Istanbul, UTC+3 all year)', () => {
  const calendar = calendarOf();

  it.each([
    // Monday 7 December 2026: 08:30 Istanbul is 05:30 UTC, 16:45 is 13:45 UTC.
    ['2026-12-07T05:29:59.999Z', false],
    ['2026-12-07T05:30:00.000Z', true],
    ['2026-12-07T13:44:59.999Z', true],
    ['2026-12-07T13:45:00.000Z', false],
    ['2026-12-05T09:00:00.000Z', false], // Saturday noon
    ['2026-12-06T09:00:00.000Z', false], // Sunday noon
    ['2026-10-29T09:00:00.000Z', false], // Republic Day, a Thursday
    ['2026-10-28T09:00:00.000Z', true], // its eve, before 12:30 Istanbul
    ['2026-10-28T09:30:00.000Z', false], // its eve, 12:30 Istanbul
    ['2026-03-23T06:00:00.000Z', true], // the Monday after Ramazan Bayramı is a business day
  ])('isEftOpen(%s) is %s', (iso, open) => {
    expect(calendar.isEftOpen(at(iso))).toBe(open);
  });

  it('opens next on Monday 08:30 Istanbul from a Saturday', () => {
    expect(calendar.nextEftOpening(at('2026-12-05T12:00:00Z')).toISOString()).toBe('2026-12-07T05:30:00.000Z');
  });

  it('answers `at` itself when EFT is open', () => {
    expect(calendar.nextEftOpening(at('2026-12-07T08:00:00Z')).toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it('skips a Bayram: from the eve afternoon to the first business day after it', () => {
    // Tuesday 26 May 2026 14:00 Istanbul (eve, closed from 12:30) -> Kurban 27-30 May -> Sunday 31 -> Monday 1 June.
    expect(calendar.nextEftOpening(at('2026-05-26T11:00:00Z')).toISOString()).toBe('2026-06-01T05:30:00.000Z');
  });

  it('opens the same day before the window, the next business day after it', () => {
    expect(calendar.nextEftOpening(at('2026-12-08T03:00:00Z')).toISOString()).toBe('2026-12-08T05:30:00.000Z');
    expect(calendar.nextEftOpening(at('2026-12-08T14:00:00Z')).toISOString()).toBe('2026-12-09T05:30:00.000Z');
  });

  it('closes on the window end, or the eve’s noon', () => {
    expect(calendar.eftClosesAfter(at('2026-12-07T06:00:00Z'))?.toISOString()).toBe('2026-12-07T13:45:00.000Z');
    expect(calendar.eftClosesAfter(at('2026-10-28T06:00:00Z'))?.toISOString()).toBe('2026-10-28T09:30:00.000Z');
    expect(calendar.eftClosesAfter(at('2026-12-05T06:00:00Z'))).toBeUndefined();
  });
});

describe('BankCalendar in Istanbul time, UTC+3 all year (no daylight saving)', () => {
  const calendar = calendarOf();

  it.each([
    // Mondays in winter, in summer, and right after Europe's clock changes (last Sundays of March and October 2026).
    ['2026-01-05'],
    ['2026-03-30'],
    ['2026-07-06'],
    ['2026-11-02'],
  ])('opens EFT on Monday %s at 05:30 UTC and closes it at 13:45 UTC', (date) => {
    expect(calendar.eftHoursOn(date)).toEqual({
      opensAt: new Date(`${date}T05:30:00.000Z`),
      closesAt: new Date(`${date}T13:45:00.000Z`),
    });
  });

  it('puts an instant on its Istanbul date: 21:00 UTC is already the next day', () => {
    // Friday 4 December 2026 21:30 UTC is Saturday 00:30 in Istanbul: closed, and Monday opens next.
    expect(calendar.isEftOpen(at('2026-12-04T21:30:00Z'))).toBe(false);
    expect(calendar.nextEftOpening(at('2026-12-04T13:00:00Z')).toISOString()).toBe('2026-12-04T13:00:00.000Z');
    expect(calendar.nextEftOpening(at('2026-12-04T20:59:00Z')).toISOString()).toBe('2026-12-07T05:30:00.000Z');
  });
});

describe('BankCalendar with ops closures', () => {
  it('closes a whole business day', () => {
    const calendar = calendarOf(DEFAULT_EFT_WINDOW, [{ date: '2026-12-07', reason: 'bank outage' }]);
    expect(calendar.isEftOpen(at('2026-12-07T08:00:00Z'))).toBe(false);
    expect(calendar.nextEftOpening(at('2026-12-05T12:00:00Z')).toISOString()).toBe('2026-12-08T05:30:00.000Z');
  });

  it('cuts a day at halfDayUntil (a half day), never extending the window', () => {
    const calendar = calendarOf(DEFAULT_EFT_WINDOW, [
      { date: '2026-12-07', reason: 'half day', halfDayUntil: 12 * 60 },
      { date: '2026-12-08', reason: 'later than the window', halfDayUntil: 20 * 60 },
      { date: '2026-12-09', reason: 'before the opening', halfDayUntil: 8 * 60 },
    ]);
    expect(calendar.isEftOpen(at('2026-12-07T08:59:00Z'))).toBe(true);
    expect(calendar.isEftOpen(at('2026-12-07T09:00:00Z'))).toBe(false);
    expect(calendar.eftHoursOn('2026-12-08')?.closesAt.toISOString()).toBe('2026-12-08T13:45:00.000Z');
    expect(calendar.eftHoursOn('2026-12-09')).toBeUndefined();
  });

  it('keeps the earlier end where a closure and a holiday eve meet', () => {
    const calendar = calendarOf(DEFAULT_EFT_WINDOW, [{ date: '2026-10-28', reason: 'early', halfDayUntil: 10 * 60 }]);
    expect(calendar.eftHoursOn('2026-10-28')?.closesAt.toISOString()).toBe('2026-10-28T07:00:00.000Z');
    const later = calendarOf(DEFAULT_EFT_WINDOW, [{ date: '2026-10-28', reason: 'late', halfDayUntil: 15 * 60 }]);
    expect(later.eftHoursOn('2026-10-28')?.closesAt.toISOString()).toBe('2026-10-28T09:30:00.000Z');
  });

  it('throws when nothing opens within the search horizon', () => {
    const closures = Array.from({ length: 7 }, (_, day) => ({ date: `2026-12-0${day + 1}`, reason: 'x' }));
    const calendar = calendarOf('Mon-Sun 08:30-16:45', closures);
    expect(calendar.nextEftOpening(at('2026-12-01T00:00:00Z')).toISOString()).toBe('2026-12-08T05:30:00.000Z');
    const never = new BankCalendar(parseEftWindow('Mon 08:30-16:45'), () => ({ name: 'always a holiday' }));
    expect(() => never.nextEftOpening(at('2026-12-01T00:00:00Z'))).toThrow(NoEftOpeningError);
  });
});

describe('BankCalendar with a whole-day window (00:00-24:00)', () => {
  it('is open at midnight and runs into the next day as one stretch', () => {
    const calendar = calendarOf('Mon-Sun 00:00-24:00');
    expect(calendar.isEftOpen(at('2026-12-06T21:00:00Z'))).toBe(true); // Monday 00:00 Istanbul
    // New Year has no eve: the stretch runs to 1 January 2027 00:00 Istanbul, the holiday.
    expect(calendar.eftClosesAfter(at('2026-12-07T10:00:00Z'))?.toISOString()).toBe('2026-12-31T21:00:00.000Z');
  });
});

// Properties over any instant of 2026-2028 and windows of any days and hours, with random closures.
const windowArbitrary = fc
  .record({
    days: fc.uniqueArray(fc.constantFrom('Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'), { minLength: 1 }),
    opensAt: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1440 }),
  })
  .map(({ days, opensAt, length }) => {
    const closesAt = Math.min(1440, opensAt + length);
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return `${days.join(',')} ${hhmm(opensAt)}-${hhmm(closesAt)} Europe/Istanbul`;
  });
const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2028-12-31T00:00:00Z');
const instantArbitrary = fc.integer({ min: START, max: END }).map((ms) => new Date(ms));
const closuresArbitrary = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: 30 }),
    halfDayUntil: fc.option(fc.integer({ min: 0, max: 1440 }), { nil: undefined }),
  }),
  { maxLength: 6 },
);
const closuresFrom = (from: Date, picks: { day: number; halfDayUntil?: number }[]): Closure[] =>
  picks.map(({ day, halfDayUntil }) => ({
    date: new Date(from.getTime() + 3 * 3_600_000 + day * 86_400_000).toISOString().slice(0, 10),
    reason: 'property',
    ...(halfDayUntil !== undefined ? { halfDayUntil } : {}),
  }));

describe('nextEftOpening properties', () => {
  const property = (check: (calendar: BankCalendar, from: Date, opening: Date) => void, numRuns = 300) =>
    fc.assert(
      fc.property(windowArbitrary, instantArbitrary, closuresArbitrary, (window, from, picks) => {
        const calendar = calendarOf(window, closuresFrom(from, picks));
        check(calendar, from, calendar.nextEftOpening(from));
      }),
      { numRuns },
    );

  it('is always open, and never before `at`', () => {
    property((calendar, from, opening) => {
      expect(opening.getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(calendar.isEftOpen(opening)).toBe(true);
    });
  });

  it('is `at` itself exactly when EFT is open at `at`', () => {
    property((calendar, from, opening) => {
      expect(opening.getTime() === from.getTime()).toBe(calendar.isEftOpen(from));
    });
  });

  it('never skips an open minute: every whole minute between `at` and the opening is closed', () => {
    property((calendar, from, opening) => {
      const firstMinute = Math.ceil(from.getTime() / MINUTE_MS) * MINUTE_MS;
      // Whole minutes only (the window's edges are on whole minutes), over at most 8 days so the run stays quick.
      const until = Math.min(opening.getTime(), firstMinute + 8 * 24 * 60 * MINUTE_MS);
      let openMinutes = 0;
      for (let minute = firstMinute; minute < until; minute += MINUTE_MS) {
        if (calendar.isEftOpen(new Date(minute))) openMinutes += 1;
      }
      expect(openMinutes).toBe(0);
    }, 100);
  });

  it('is idempotent, and the window it opens closes after it', () => {
    property((calendar, _from, opening) => {
      expect(calendar.nextEftOpening(opening).getTime()).toBe(opening.getTime());
      const closes = calendar.eftClosesAfter(opening);
      expect(closes && closes.getTime() > opening.getTime()).toBe(true);
      expect(calendar.isEftOpen(new Date((closes as Date).getTime() - 1))).toBe(true);
    });
  });
});
