import { loadSlice } from '@libs/platform/config';
import { dispatchConfig, parseFaultOrThrow } from './dispatch.config';

describe('dispatch config', () => {
  it('reads fault points with an optional probability', () => {
    expect(parseFaultOrThrow('before-call')).toEqual({ point: 'before-call', probability: 1 });
    expect(parseFaultOrThrow('during-call:0.25')).toEqual({ point: 'during-call', probability: 0.25 });
    expect(() => parseFaultOrThrow('after-commit')).toThrow(/point\[:probability\]/);
    expect(() => parseFaultOrThrow('before-call:1.5')).toThrow(/from 0 to 1/);
  });

  it('reports a bad resubmit delay or fault point as one problem each', () => {
    const { problems } = loadSlice(dispatchConfig, {
      DISPATCH_RESUBMIT_DELAYS: '2s,soon',
      DISPATCH_FAULT: 'before-call:0.1,everywhere',
    });
    expect(problems).toEqual([
      expect.stringContaining('DISPATCH_RESUBMIT_DELAYS is invalid'),
      expect.stringContaining('DISPATCH_FAULT is invalid'),
    ]);
  });
});
