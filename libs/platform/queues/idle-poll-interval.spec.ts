import { IdlePollInterval } from './idle-poll-interval';

describe('IdlePollInterval', () => {
  it('doubles after each look that found nothing, up to the idle interval, and is back to the base after work', () => {
    const interval = new IdlePollInterval(50, 250);
    expect([false, false, false, false].map((found) => interval.next(found))).toEqual([100, 200, 250, 250]);
    expect(interval.next(true)).toBe(50);
    expect(interval.next(false)).toBe(100);
  });

  it('never waits less than its base interval, even when that is longer than the idle one', () => {
    const interval = new IdlePollInterval(1_000, 250);
    expect([interval.next(false), interval.next(true)]).toEqual([1_000, 1_000]);
  });
});
