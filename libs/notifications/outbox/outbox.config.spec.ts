import { loadSlice } from '@libs/platform/config';
import { outboxConfig } from './outbox.config';

describe('the outbox config slice', () => {
  it('has defaults that need nothing set', () => {
    expect(loadSlice(outboxConfig, {})).toEqual({
      value: { pollIntervalMs: 50, batchSize: 100 },
      problems: [],
    });
  });

  it('refuses a poll interval that would be a busy loop', () => {
    expect(loadSlice(outboxConfig, { OUTBOX_POLL_INTERVAL: '5ms' }).problems).toEqual([
      'OUTBOX_POLL_INTERVAL is invalid: must be at least 10ms',
    ]);
  });
});
