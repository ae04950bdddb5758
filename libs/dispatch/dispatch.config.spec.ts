import { loadSlice } from '@libs/platform/config';
import { dispatchConfig, scaledMs } from './dispatch.config';

describe('dispatch config', () => {
  it('reports a bad resubmit delay as one problem', () => {
    const { problems } = loadSlice(dispatchConfig, { DISPATCH_RESUBMIT_DELAYS: '2s,soon' });
    expect(problems).toEqual([expect.stringContaining('DISPATCH_RESUBMIT_DELAYS is invalid')]);
  });

  it('scales delays by POLL_TIME_SCALE but never below the floor', () => {
    expect(scaledMs(30_000, 1, 1_000)).toBe(30_000);
    expect(scaledMs(30_000, 0.01, 1_000)).toBe(1_000);
    expect(scaledMs(30_000, 0.1, 1_000)).toBe(3_000);
  });
});
