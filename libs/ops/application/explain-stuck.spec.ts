import type { PollSchedule } from '@libs/payouts/domain';
import { MANUAL_REVIEW_SCHEDULE, SUBMITTING_SCHEDULE } from '@libs/payouts/domain';
import { explainStuck, pollsLeft } from './explain-stuck';
import { formatAge } from './format-age';
import { opsRow } from '@test/support/ops/ops.test-data';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A provider's processing schedule: three steps, then hourly forever. */
const PROCESSING_SCHEDULE: PollSchedule = { stepsMs: [2 * MINUTE, 10 * MINUTE, 30 * MINUTE], thenEveryMs: HOUR };
const since = new Date('2026-01-01T00:10:00Z');
const at = (ms: number) => new Date(since.getTime() + ms);

describe('explainStuck', () => {
  it('says how long, against which threshold, and what a manual_review payout waits for', () => {
    const { reason, nextAction } = explainStuck({
      row: opsRow(),
      now: at(45 * MINUTE),
      thresholdMs: 30 * MINUTE,
      isOlderThanQuery: false,
      schedule: MANUAL_REVIEW_SCHEDULE,
      timeScale: 1,
    });
    expect(reason).toBe(
      'in manual_review for 45m (threshold 30m); sipay manual review: no webhook comes, only polling resolves it',
    );
    // Checks at 50m, then hourly (1h50m, 2h50m, ...) up to 71h50m, and one on the 72 h limit: 73 left.
    expect(nextAction).toBe('next poll at 2026-01-01T01:00:00.000Z; 73 polls left in the schedule');
  });

  it('counts a scheduled payout past its release time and says the release job takes it', () => {
    const { reason, nextAction } = explainStuck({
      row: opsRow(
        { status: 'scheduled', provider: null, scheduledFor: since, nextCheckAt: at(5 * MINUTE) },
        { attempt: null },
      ),
      now: at(3 * MINUTE),
      thresholdMs: MINUTE,
      isOlderThanQuery: false,
      schedule: undefined,
      timeScale: 1,
    });
    expect(reason).toBe(
      'scheduled, 3m past its release time (threshold 1m); waiting for the worker to release it to pending ' +
        '(its release job claims due payouts from Postgres)',
    );
    expect(nextAction).toBe('next release check at 2026-01-01T00:15:00.000Z');
  });

  it('counts a payout awaiting approval past its deadline and says the expiry job takes it', () => {
    const { reason, nextAction } = explainStuck({
      row: opsRow({ status: 'awaiting_approval', provider: null, nextCheckAt: at(5 * MINUTE) }, { attempt: null }),
      now: at(3 * MINUTE),
      thresholdMs: MINUTE,
      isOlderThanQuery: false,
      schedule: undefined,
      timeScale: 1,
    });
    expect(reason).toBe(
      'awaiting approval, 3m past its approval deadline (threshold 1m); waiting for the worker to cancel it as ' +
        'approval_expired (its expiry job claims due payouts from Postgres)',
    );
    expect(nextAction).toBe('next approval expiry check at 2026-01-01T00:15:00.000Z');
  });

  it('names the olderThan filter when it set the limit', () => {
    const { reason } = explainStuck({
      row: opsRow({ status: 'submitting' }),
      now: at(90_000),
      thresholdMs: 0,
      isOlderThanQuery: true,
      schedule: SUBMITTING_SCHEDULE,
      timeScale: 1,
    });
    expect(reason).toMatch(/^in submitting for 1m 30s \(older than 0ms\); sent to sipay with an unknown outcome/);
  });

  it('needs a person once the payout is flagged, and says why it was flagged', () => {
    const { reason, nextAction } = explainStuck({
      row: opsRow({ needsAttention: true, contradiction: true }),
      now: at(73 * HOUR),
      thresholdMs: 30 * MINUTE,
      isOlderThanQuery: false,
      schedule: MANUAL_REVIEW_SCHEDULE,
      timeScale: 1,
    });
    expect(nextAction).toBe('needs a person');
    expect(reason).toContain('a provider contradicted itself');
    expect(reason).toContain('flagged for ops');
  });

  it('needs a person when nothing is scheduled or there is no attempt to look up', () => {
    const base = {
      now: at(HOUR),
      thresholdMs: 0,
      isOlderThanQuery: false,
      schedule: MANUAL_REVIEW_SCHEDULE,
      timeScale: 1,
    };
    expect(explainStuck({ ...base, row: opsRow({ nextCheckAt: null }) }).nextAction).toBe(
      'needs a person: nothing is scheduled for it',
    );
    expect(explainStuck({ ...base, row: opsRow({}, { attempt: null }) }).nextAction).toBe(
      'needs a person: it has no live attempt to look up',
    );
  });

  it('describes a schedule without an end, and pending payouts waiting for dispatch', () => {
    const processing = explainStuck({
      row: opsRow({ status: 'processing', nextCheckAt: at(26 * HOUR) }),
      now: at(25 * HOUR),
      thresholdMs: 24 * HOUR,
      isOlderThanQuery: false,
      schedule: PROCESSING_SCHEDULE,
      timeScale: 1,
    });
    expect(processing.nextAction).toBe('next poll at 2026-01-02T02:10:00.000Z; then every 1h until it settles');
    const pending = explainStuck({
      row: opsRow({ status: 'pending', provider: null }, { attempt: null }),
      now: at(5 * MINUTE),
      thresholdMs: 2 * MINUTE,
      isOlderThanQuery: false,
      schedule: undefined,
      timeScale: 1,
    });
    expect(pending.nextAction).toBe('next dispatch check at 2026-01-01T01:00:00.000Z');
    expect(pending.reason).toContain('not handed to a provider yet');
    const held = explainStuck({
      row: opsRow(
        { status: 'pending', provider: null, holdReason: 'insufficient_provider_balance' },
        { attempt: null },
      ),
      now: at(5 * MINUTE),
      thresholdMs: 2 * MINUTE,
      isOlderThanQuery: false,
      schedule: undefined,
      timeScale: 1,
    });
    expect(held.reason).toContain('waiting for a provider balance');
  });

  it('marks a check that is already due', () => {
    const { nextAction } = explainStuck({
      row: opsRow({ nextCheckAt: at(MINUTE) }),
      now: at(2 * MINUTE),
      thresholdMs: 0,
      isOlderThanQuery: false,
      schedule: MANUAL_REVIEW_SCHEDULE,
      timeScale: 1,
    });
    expect(nextAction).toMatch(/^next poll at 2026-01-01T00:11:00.000Z \(due now\); /);
  });
});

describe('pollsLeft', () => {
  it('counts the checks still ahead, with POLL_TIME_SCALE', () => {
    expect(pollsLeft(SUBMITTING_SCHEDULE, since, at(0), 1)).toBe(4);
    expect(pollsLeft(SUBMITTING_SCHEDULE, since, at(2 * MINUTE), 1)).toBe(2);
    expect(pollsLeft(SUBMITTING_SCHEDULE, since, at(30 * MINUTE), 1)).toBe(0);
    expect(pollsLeft(SUBMITTING_SCHEDULE, since, at(2 * MINUTE), 0.001)).toBe(0);
    expect(pollsLeft(MANUAL_REVIEW_SCHEDULE, since, at(72 * HOUR), 1)).toBe(0);
  });

  it('is undefined for a schedule that never ends', () => {
    expect(pollsLeft(PROCESSING_SCHEDULE, since, at(0), 1)).toBeUndefined();
  });
});

describe('formatAge', () => {
  it.each([
    [500, '500ms'],
    [12_000, '12s'],
    [90_000, '1m 30s'],
    [45 * MINUTE, '45m'],
    [HOUR + 5 * MINUTE + 7_000, '1h 5m'],
    [HOUR + 7_000, '1h'],
    [2 * 24 * HOUR + 3 * HOUR, '2d 3h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
