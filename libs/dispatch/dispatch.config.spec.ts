import { loadSlice } from '@libs/platform/config';
import { dispatchConfig } from './dispatch.config';

describe('dispatch config', () => {
  it('reports a bad resubmit delay as one problem', () => {
    const { problems } = loadSlice(dispatchConfig, { DISPATCH_RESUBMIT_DELAYS: '2s,soon' });
    expect(problems).toEqual([expect.stringContaining('DISPATCH_RESUBMIT_DELAYS is invalid')]);
  });
});
