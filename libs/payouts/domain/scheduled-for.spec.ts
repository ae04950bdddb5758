import { readScheduledFor } from './scheduled-for';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const DAY = 86_400_000;
const read = (value: unknown) => readScheduledFor(value, NOW, 90 * DAY);

describe('readScheduledFor', () => {
  it.each([undefined, null])('reads %s as now', (value) => {
    expect(read(value)).toEqual({ release: { kind: 'now' } });
  });

  it.each(['2026-12-04T12:00:00Z', '2026-12-04T14:59:59+03:00', '2020-01-01T00:00:00Z'])(
    'reads a time at or before now (%s) as now',
    (value) => {
      expect(read(value)).toEqual({ release: { kind: 'now' } });
    },
  );

  it.each([
    ['2026-12-04T12:00:02Z', '2026-12-04T12:00:02.000Z'],
    ['2026-12-05T09:00:00+03:00', '2026-12-05T06:00:00.000Z'],
    ['2026-12-05T09:00+03:00', '2026-12-05T06:00:00.000Z'],
    ['2026-12-04T12:00:00.5-01:30', '2026-12-04T13:30:00.500Z'],
    ['2027-03-04T12:00:00Z', '2027-03-04T12:00:00.000Z'],
  ])('releases %s at %s', (value, at) => {
    expect(read(value)).toEqual({ release: { kind: 'at', at: new Date(at) } });
  });

  it.each([
    ['a time without an offset', '2026-12-05T09:00:00'],
    ['a date alone', '2026-12-05'],
    ['a number', 1796760000000],
    ['an empty string', ''],
    ['words', 'tomorrow'],
    ['February 30th', '2026-02-30T09:00:00Z'],
    ['hour 24', '2026-12-05T24:00:00Z'],
    ['month 13', '2026-13-05T09:00:00Z'],
    ['an offset of 25 hours', '2026-12-05T09:00:00+25:00'],
  ])('refuses %s naming scheduledFor', (_what, value) => {
    const result = read(value);
    expect(result).toMatchObject({ problem: { field: 'scheduledFor' } });
  });

  it('refuses a time further ahead than allowed, and takes one exactly at the limit', () => {
    const limit = new Date(NOW.getTime() + 90 * DAY).toISOString();
    const beyond = new Date(NOW.getTime() + 90 * DAY + 1000).toISOString();
    expect(read(limit)).toEqual({ release: { kind: 'at', at: new Date(limit) } });
    expect(read(beyond)).toEqual({ problem: { field: 'scheduledFor', message: 'must be at most 90 days ahead' } });
  });
});
