import { cronOf, parseDailyAtOrThrow, previousDay } from './daily-period';
import { isStatusMismatch } from './reconciliation-run';

describe('RECONCILIATION_REPORT_AT', () => {
  it('reads "HH:MM <zone>" into a daily cron pattern in that zone', () => {
    expect(cronOf(parseDailyAtOrThrow('02:00 Europe/Istanbul'))).toEqual({
      pattern: '0 2 * * *',
      tz: 'Europe/Istanbul',
    });
    expect(cronOf(parseDailyAtOrThrow('23:45 UTC'))).toEqual({ pattern: '45 23 * * *', tz: 'UTC' });
  });

  it('refuses another shape or an unknown zone', () => {
    expect(() => parseDailyAtOrThrow('2am Istanbul')).toThrow('HH:MM');
    expect(() => parseDailyAtOrThrow('02:00 Mars/Olympus')).toThrow('not a time zone');
    expect(() => parseDailyAtOrThrow('24:00 UTC')).toThrow('HH:MM');
  });
});

describe('previousDay', () => {
  it('is the Istanbul calendar day before, midnight to midnight (UTC+3)', () => {
    expect(previousDay(new Date('2026-12-05T23:30:00Z'), 'Europe/Istanbul')).toEqual({
      from: new Date('2026-12-04T21:00:00Z'),
      to: new Date('2026-12-05T21:00:00Z'),
    });
    // 01:00 in Istanbul on the 6th is still 22:00 UTC on the 5th: the previous day is the 5th.
    expect(previousDay(new Date('2026-12-05T22:00:00Z'), 'Europe/Istanbul')).toEqual({
      from: new Date('2026-12-04T21:00:00Z'),
      to: new Date('2026-12-05T21:00:00Z'),
    });
  });

  it('follows a zone with daylight saving (a 23-hour day)', () => {
    const { from, to } = previousDay(new Date('2026-03-30T12:00:00Z'), 'Europe/Berlin');
    expect([from.toISOString(), to.toISOString()]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
  });
});

describe('isStatusMismatch (the rule STATUS_MISMATCH_SQL writes in SQL)', () => {
  it.each([
    ['paid', 'paid', false],
    ['pending', 'paid', false],
    ['paid', 'failed', true],
    ['failed', 'paid', true],
    ['paid', 'pending', true],
    ['returned', 'paid', false],
    ['paid', 'returned', true],
    ['pending', 'unknown', true],
  ])('ours %s, theirs %s -> %s', (ours, theirs, expected) => {
    expect(isStatusMismatch(ours, theirs)).toBe(expected);
  });
});
