import { IN_FLIGHT_STATUSES } from '@libs/payouts/domain';
import { collectProblems, ConfigService } from '@libs/platform/config';
import { opsConfig, stuckThresholdsMs } from './ops.config';

describe('STUCK_AFTER', () => {
  it('takes a threshold for exactly the in-flight statuses', () => {
    expect(Object.keys(stuckThresholdsMs(new ConfigService({})))).toEqual([...IN_FLIGHT_STATUSES]);
    expect(collectProblems([opsConfig], { STUCK_AFTER: 'succeeded=1m' })).toEqual([
      expect.stringMatching(
        /^STUCK_AFTER is invalid: "succeeded" is not one of awaiting_approval, scheduled, pending, submitting, processing/,
      ),
    ]);
  });

  it('keeps the documented default for the statuses a value does not name', () => {
    expect(stuckThresholdsMs(new ConfigService({ STUCK_AFTER: 'manual_review=1s' }))).toEqual({
      awaiting_approval: 60_000,
      scheduled: 60_000,
      pending: 120_000,
      submitting: 300_000,
      processing: 86_400_000,
      manual_review: 1_000,
    });
  });

  it('names a value that is not a duration', () => {
    expect(collectProblems([opsConfig], { STUCK_AFTER: 'pending=soon' }).map((p) => p.split(' ')[0])).toEqual([
      'STUCK_AFTER',
    ]);
  });
});
