import { nextTryAt, retryDelayMs } from './retry-schedule';

const SECOND = 1_000;
const HOUR = 3_600_000;

describe('retryDelayMs', () => {
  it('starts at 5 s, grows four times per failure and stays at 8 h', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5 * SECOND, 20 * SECOND, 80 * SECOND, 320 * SECOND]);
    expect(retryDelayMs(8)).toBe(8 * HOUR);
    expect(retryDelayMs(500)).toBe(8 * HOUR);
  });

  it('refuses a count below one', () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
  });

  it('tries about fifteen times in 72 h, the last one on the limit', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const retryUntil = new Date(start.getTime() + 72 * HOUR);
    const tries: Date[] = [start];
    for (let at: Date | undefined = start; at;) {
      at = nextTryAt({ failedTries: tries.length, now: at, retryUntil, timeScale: 1 });
      if (at) tries.push(at);
    }
    expect(tries.length).toBeGreaterThanOrEqual(13);
    expect(tries.length).toBeLessThanOrEqual(17);
    expect(tries[tries.length - 1]).toEqual(retryUntil);
  });
});

describe('nextTryAt', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('scales the delay by POLL_TIME_SCALE', () => {
    const retryUntil = new Date(now.getTime() + HOUR);
    expect(nextTryAt({ failedTries: 2, now, retryUntil, timeScale: 0.001 })).toEqual(new Date(now.getTime() + 20));
  });

  it('gives up once the retry period is over', () => {
    expect(nextTryAt({ failedTries: 3, now, retryUntil: now, timeScale: 1 })).toBeUndefined();
  });
});
