import { isTerminal, PAYOUT_STATUSES, TERMINAL_STATUSES } from './payout-status';
import { CREATION_STATUSES, isEdge, RANK, TRANSITIONS } from './payout-transitions';

describe('TRANSITIONS', () => {
  it('holds exactly the edges of the lifecycle spec, programs.md and money-movement.md, plus submitting -> returned', () => {
    expect(TRANSITIONS).toEqual({
      awaiting_approval: ['scheduled', 'pending', 'canceled'],
      scheduled: ['pending', 'canceled'],
      pending: ['submitting', 'failed', 'canceled', 'scheduled'],
      submitting: ['processing', 'manual_review', 'succeeded', 'failed', 'pending', 'returned'],
      processing: ['manual_review', 'succeeded', 'failed', 'returned'],
      manual_review: ['processing', 'succeeded', 'failed', 'returned'],
      succeeded: ['returned'],
      returned: [],
      failed: [],
      canceled: [],
    });
  });

  it('has no edge out of a terminal status', () => {
    for (const status of TERMINAL_STATUSES) expect(TRANSITIONS[status]).toHaveLength(0);
  });

  it('lets succeeded become returned, so succeeded is not terminal', () => {
    expect(isEdge('succeeded', 'returned')).toBe(true);
    expect(isTerminal('succeeded')).toBe(false);
  });

  it('creates a payout awaiting approval, scheduled or pending; approval or a closed rail lead to scheduled', () => {
    expect(CREATION_STATUSES).toEqual(['awaiting_approval', 'scheduled', 'pending']);
    for (const from of PAYOUT_STATUSES) expect(isEdge(from, 'awaiting_approval')).toBe(false);
    expect(PAYOUT_STATUSES.filter((from) => isEdge(from, 'scheduled'))).toEqual(['awaiting_approval', 'pending']);
    expect(PAYOUT_STATUSES.filter((from) => isEdge(from, 'pending'))).toEqual([
      'awaiting_approval',
      'scheduled',
      'submitting',
    ]);
  });

  it('has no self-edge', () => {
    for (const status of PAYOUT_STATUSES) expect(isEdge(status, status)).toBe(false);
  });
});

describe('RANK', () => {
  it('orders awaiting_approval < scheduled < pending < submitting < processing < manual_review < succeeded < returned', () => {
    const ordered = [
      'awaiting_approval',
      'scheduled',
      'pending',
      'submitting',
      'processing',
      'manual_review',
      'succeeded',
      'returned',
    ] as const;
    for (let i = 1; i < ordered.length; i++) expect(RANK[ordered[i]]).toBeGreaterThan(RANK[ordered[i - 1]]);
  });

  it('puts failed and canceled above everything else', () => {
    for (const status of PAYOUT_STATUSES.filter((s) => s !== 'failed' && s !== 'canceled')) {
      expect(RANK.failed).toBeGreaterThan(RANK[status]);
      expect(RANK.canceled).toBeGreaterThan(RANK[status]);
    }
  });
});

describe('isTerminal', () => {
  it.each([
    ['returned', true],
    ['failed', true],
    ['canceled', true],
    ['awaiting_approval', false],
    ['scheduled', false],
    ['pending', false],
    ['submitting', false],
    ['processing', false],
    ['manual_review', false],
    ['succeeded', false],
  ] as const)('%s -> %s', (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
  });
});
