import { nextRetryAt, ORPHAN_RETRY_DELAYS_MS } from './retry-delay';

const RECEIVED = new Date('2026-05-26T10:00:00.000Z');
const after = (ms: number) => new Date(RECEIVED.getTime() + ms);
const HOUR = 3_600_000;

describe('nextRetryAt', () => {
  const base = { delaysMs: [1_000, 5_000, 30_000], receivedAt: RECEIVED, giveUpAfterMs: HOUR, timeScale: 1 };

  it('walks the delays by try, then repeats the last one', () => {
    expect(nextRetryAt({ ...base, tries: 1, now: RECEIVED })).toEqual(after(1_000));
    expect(nextRetryAt({ ...base, tries: 2, now: after(1_000) })).toEqual(after(6_000));
    expect(nextRetryAt({ ...base, tries: 9, now: after(60_000) })).toEqual(after(90_000));
  });

  it('stops planning once the retry period is over', () => {
    expect(nextRetryAt({ ...base, tries: 9, now: after(HOUR - 10_000) })).toBeUndefined();
  });

  it('scales the delays and the period, never below a millisecond', () => {
    expect(nextRetryAt({ ...base, tries: 3, now: RECEIVED, timeScale: 0.01 })).toEqual(after(300));
    expect(nextRetryAt({ ...base, tries: 1, now: RECEIVED, timeScale: 0.000001 })).toEqual(after(1));
    expect(nextRetryAt({ ...base, tries: 3, now: after(HOUR / 100), timeScale: 0.01 })).toBeUndefined();
  });

  it('retries orphans within seconds first, when the attempt is usually being recorded', () => {
    expect(ORPHAN_RETRY_DELAYS_MS[0]).toBeLessThanOrEqual(1_000);
  });
});
