import { clockConfig } from './clock.config';
import { collectProblems, loadSlice } from './load-config';

describe('clockConfig (CLOCK_OFFSET)', () => {
  it('is 0 by default, and reads a signed duration', () => {
    expect(loadSlice(clockConfig, { NODE_ENV: 'test' }).value.clockOffsetMs).toBe(0);
    expect(loadSlice(clockConfig, { NODE_ENV: 'test', CLOCK_OFFSET: '-2d' }).value.clockOffsetMs).toBe(-172_800_000);
    expect(loadSlice(clockConfig, { NODE_ENV: 'test', CLOCK_OFFSET: '+90m' }).value.clockOffsetMs).toBe(5_400_000);
    expect(loadSlice(clockConfig, { NODE_ENV: 'test', CLOCK_OFFSET: '1234ms' }).value.clockOffsetMs).toBe(1_234);
  });

  it('refuses a malformed offset, and any offset in production', () => {
    expect(collectProblems([clockConfig], { NODE_ENV: 'test', CLOCK_OFFSET: '2 days' }).join()).toContain(
      'CLOCK_OFFSET',
    );
    expect(collectProblems([clockConfig], { NODE_ENV: 'production', CLOCK_OFFSET: '-1d' })).toEqual([
      'CLOCK_OFFSET is for tests only: it must be 0ms when NODE_ENV=production',
    ]);
    expect(collectProblems([clockConfig], { NODE_ENV: 'production' })).toEqual([]);
  });
});
