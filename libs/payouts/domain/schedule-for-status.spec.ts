import { MANUAL_REVIEW_SCHEDULE, SUBMITTING_SCHEDULE } from './poll-schedule';
import { scheduleForStatus } from './schedule-for-status';

describe('scheduleForStatus', () => {
  const processing = { stepsMs: [120_000, 600_000], thenEveryMs: 3_600_000 };

  it('uses the lifecycle schedules for submitting and manual review, and the provider’s own for processing', () => {
    expect(scheduleForStatus('submitting', processing)).toBe(SUBMITTING_SCHEDULE);
    expect(scheduleForStatus('manual_review', processing)).toBe(MANUAL_REVIEW_SCHEDULE);
    expect(scheduleForStatus('processing', processing)).toEqual({
      stepsMs: [120_000, 600_000],
      thenEveryMs: 3_600_000,
    });
  });

  it.each(['pending', 'succeeded', 'returned', 'failed', 'canceled'] as const)('polls nothing in %s', (status) => {
    expect(scheduleForStatus(status, processing)).toBeUndefined();
  });
});
