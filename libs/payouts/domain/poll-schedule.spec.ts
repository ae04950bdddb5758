import {
  type PollSchedule,
  MANUAL_REVIEW_SCHEDULE,
  nextCheck,
  pollScheduleProblems,
  slotOffsetMs,
  SUBMITTING_SCHEDULE,
  type NextCheck,
} from './poll-schedule';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

const SINCE = new Date('2025-05-26T10:00:00.000Z');
const after = (ms: number): Date => new Date(SINCE.getTime() + ms);

/** Processing where webhooks can be missing (a manual review sends none): look early and often. */
const EARLY_AND_OFTEN: PollSchedule = { stepsMs: [2 * M, 10 * M, 30 * M], thenEveryMs: H };
/** Processing where webhooks are primary and operator review is normal: look late. */
const LATE: PollSchedule = { stepsMs: [15 * M], thenEveryMs: H };

/** Walks a schedule as an on-time poller would: each check runs exactly when due. */
function offsetsOnTime(schedule: PollSchedule, timeScale = 1, limit = 100): Array<number | 'exhausted'> {
  const offsets: Array<number | 'exhausted'> = [];
  let now = SINCE;
  for (let pollCount = 0; offsets.length < limit; pollCount++) {
    const next: NextCheck = nextCheck({ schedule, pollCount, since: SINCE, now, timeScale });
    if ('exhausted' in next) return [...offsets, 'exhausted'];
    offsets.push(next.at.getTime() - SINCE.getTime());
    now = next.at;
  }
  return offsets;
}

describe('nextCheck on the default schedules', () => {
  it('submitting: 30 s after submission, then 1 m, 5 m, 15 m later, then exhausted', () => {
    expect(offsetsOnTime(SUBMITTING_SCHEDULE)).toEqual([30 * S, 90 * S, 6 * M + 30 * S, 21 * M + 30 * S, 'exhausted']);
  });

  it('processing, looking early and often: 2 m, 10 m, 30 m, then hourly, never exhausted', () => {
    const offsets = offsetsOnTime(EARLY_AND_OFTEN, 1, 6);
    expect(offsets).toEqual([2 * M, 12 * M, 42 * M, 42 * M + H, 42 * M + 2 * H, 42 * M + 3 * H]);
    const late = nextCheck({
      schedule: EARLY_AND_OFTEN,
      pollCount: 500,
      since: SINCE,
      now: after(500 * H),
      timeScale: 1,
    });
    expect(late).toEqual({ at: after(500 * H + 42 * M) });
  });

  it('processing, looking late: 15 m, then hourly', () => {
    expect(offsetsOnTime(LATE, 1, 4)).toEqual([15 * M, 75 * M, 135 * M, 195 * M]);
  });

  it('manual_review: 5 m, 15 m, 30 m, then hourly, a last look at 72 h, then exhausted', () => {
    const offsets = offsetsOnTime(MANUAL_REVIEW_SCHEDULE);
    expect(offsets.slice(0, 5)).toEqual([5 * M, 20 * M, 50 * M, 110 * M, 170 * M]);
    expect(offsets.slice(-3)).toEqual([71 * H + 50 * M, 72 * H, 'exhausted']);
    expect(offsets).toHaveLength(3 + 71 + 1 + 1);
    expect(offsets.filter((offset) => typeof offset === 'number' && offset > 72 * H)).toEqual([]);
  });
});

describe('nextCheck timing', () => {
  it('makes an overdue first check due now', () => {
    const now = after(10 * M);
    expect(nextCheck({ schedule: SUBMITTING_SCHEDULE, pollCount: 0, since: SINCE, now, timeScale: 1 })).toEqual({
      at: now,
    });
  });

  it('lets a late check cover the slots it overran instead of firing back-to-back', () => {
    // The first check ran 20 minutes late, at 22 m: the 12 m slot is gone, the next is at 42 m.
    const next = nextCheck({
      schedule: EARLY_AND_OFTEN,
      pollCount: 1,
      since: SINCE,
      now: after(22 * M),
      timeScale: 1,
    });
    expect(next).toEqual({ at: after(42 * M) });
  });

  it('lands on the next hourly slot after a long outage', () => {
    const now = after(10 * H + 5 * M);
    const next = nextCheck({ schedule: EARLY_AND_OFTEN, pollCount: 4, since: SINCE, now, timeScale: 1 });
    expect(next).toEqual({ at: after(10 * H + 42 * M) });
  });

  it('exhausts a schedule whose remaining slots all passed during an outage', () => {
    const submitting = nextCheck({
      schedule: SUBMITTING_SCHEDULE,
      pollCount: 1,
      since: SINCE,
      now: after(H),
      timeScale: 1,
    });
    expect(submitting).toEqual({ exhausted: true });
    const review = nextCheck({
      schedule: MANUAL_REVIEW_SCHEDULE,
      pollCount: 4,
      since: SINCE,
      now: after(80 * H),
      timeScale: 1,
    });
    expect(review).toEqual({ exhausted: true });
  });

  it('keeps the last manual-review look at 72 h when a check runs just before it', () => {
    const now = after(71 * H + 55 * M);
    const next = nextCheck({ schedule: MANUAL_REVIEW_SCHEDULE, pollCount: 10, since: SINCE, now, timeScale: 1 });
    expect(next).toEqual({ at: after(72 * H) });
  });

  it('restarts from a webhook: since is the webhook time and pollCount 0', () => {
    const webhookAt = after(3 * H);
    const next = nextCheck({
      schedule: LATE,
      pollCount: 0,
      since: webhookAt,
      now: webhookAt,
      timeScale: 1,
    });
    expect(next).toEqual({ at: new Date(webhookAt.getTime() + 15 * M) });
  });
});

describe('nextCheck timeScale', () => {
  it('runs every schedule 100 times sooner at 0.01', () => {
    expect(offsetsOnTime(SUBMITTING_SCHEDULE, 0.01)).toEqual([300, 900, 3_900, 12_900, 'exhausted']);
    expect(offsetsOnTime(EARLY_AND_OFTEN, 0.01, 4)).toEqual([1_200, 7_200, 25_200, 61_200]);
  });

  it('scales the give-up limit too', () => {
    const offsets = offsetsOnTime(MANUAL_REVIEW_SCHEDULE, 0.01);
    expect(offsets.slice(-2)).toEqual([(72 * H) / 100, 'exhausted']);
  });

  it('rounds to whole milliseconds', () => {
    const next = nextCheck({
      schedule: { stepsMs: [1_001] },
      pollCount: 0,
      since: SINCE,
      now: SINCE,
      timeScale: 0.001,
    });
    expect(next).toEqual({ at: after(1) });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a timeScale of %s', (timeScale) => {
    expect(() =>
      nextCheck({ schedule: SUBMITTING_SCHEDULE, pollCount: 0, since: SINCE, now: SINCE, timeScale }),
    ).toThrow(/timeScale/);
  });
});

describe('schedule validation', () => {
  it('accepts the defaults', () => {
    for (const schedule of [SUBMITTING_SCHEDULE, MANUAL_REVIEW_SCHEDULE]) {
      expect(pollScheduleProblems(schedule)).toEqual([]);
    }
  });

  it.each<[PollSchedule, RegExp]>([
    [{ stepsMs: [0] }, /every step/],
    [{ stepsMs: [1.5] }, /every step/],
    [{ stepsMs: [M], thenEveryMs: 0 }, /thenEveryMs/],
    [{ stepsMs: [M], giveUpAfterMs: -1 }, /giveUpAfterMs/],
  ])('reports %j', (schedule, message) => {
    expect(pollScheduleProblems(schedule)).toEqual([expect.stringMatching(message)]);
    expect(() => nextCheck({ schedule, pollCount: 0, since: SINCE, now: SINCE, timeScale: 1 })).toThrow(RangeError);
  });

  it('refuses a negative pollCount', () => {
    expect(() =>
      nextCheck({ schedule: SUBMITTING_SCHEDULE, pollCount: -1, since: SINCE, now: SINCE, timeScale: 1 }),
    ).toThrow(/pollCount/);
  });

  it('exhausts at once a schedule with no check', () => {
    expect(nextCheck({ schedule: { stepsMs: [] }, pollCount: 0, since: SINCE, now: SINCE, timeScale: 1 })).toEqual({
      exhausted: true,
    });
  });
});

describe('slotOffsetMs', () => {
  it('clamps the first slot past the limit to the limit, and has none after it', () => {
    const schedule: PollSchedule = { stepsMs: [M], thenEveryMs: 10 * M, giveUpAfterMs: 25 * M };
    expect([0, 1, 2, 3, 4].map((slot) => slotOffsetMs(schedule, slot))).toEqual([M, 11 * M, 21 * M, 25 * M, undefined]);
  });

  it('adds no extra slot when a slot falls exactly on the limit', () => {
    const schedule: PollSchedule = { stepsMs: [M], thenEveryMs: M, giveUpAfterMs: 3 * M };
    expect([0, 1, 2, 3].map((slot) => slotOffsetMs(schedule, slot))).toEqual([M, 2 * M, 3 * M, undefined]);
  });
});
