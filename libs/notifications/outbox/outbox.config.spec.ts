import { loadSlice } from '@libs/platform/config';
import { activeFaultPoints, outboxConfig } from './outbox.config';

describe('the outbox config slice', () => {
  it('has defaults that need nothing set', () => {
    expect(loadSlice(outboxConfig, {})).toEqual({
      value: { pollIntervalMs: 50, batchSize: 100, faultInject: [] },
      problems: [],
    });
  });

  it('refuses a poll interval that would be a busy loop', () => {
    expect(loadSlice(outboxConfig, { OUTBOX_POLL_INTERVAL: '5ms' }).problems).toEqual([
      'OUTBOX_POLL_INTERVAL is invalid: must be at least 10ms',
    ]);
  });

  it('refuses an unknown fault point', () => {
    expect(loadSlice(outboxConfig, { FAULT_INJECT: 'outbox-after-enqueue,everything' }).problems).toEqual([
      expect.stringMatching(
        /^FAULT_INJECT is invalid: "everything" is not one of outbox-before-enqueue, outbox-after-enqueue/,
      ),
    ]);
  });

  it('honours fault points only under NODE_ENV=test', () => {
    expect([...activeFaultPoints('test', ['outbox-after-enqueue'])]).toEqual(['outbox-after-enqueue']);
    expect([...activeFaultPoints('production', ['outbox-after-enqueue'])]).toEqual([]);
    expect([...activeFaultPoints('development', ['outbox-before-enqueue'])]).toEqual([]);
  });
});
