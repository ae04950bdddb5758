import { scaledMs } from './time-scale';

describe('scaledMs', () => {
  it('scales delays by POLL_TIME_SCALE but never below the floor', () => {
    expect(scaledMs(30_000, 1, 1_000)).toBe(30_000);
    expect(scaledMs(30_000, 0.01, 1_000)).toBe(1_000);
    expect(scaledMs(30_000, 0.1, 1_000)).toBe(3_000);
  });

  it('rounds to a whole millisecond, with no floor unless given one', () => {
    expect(scaledMs(1_001, 0.001)).toBe(1);
    expect(scaledMs(400, 0.001)).toBe(0);
    expect(scaledMs(400, 0.001, 1)).toBe(1);
  });
});
