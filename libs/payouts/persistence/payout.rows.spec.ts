import { IN_FLIGHT_STATUSES } from '../domain';
import { moneyMovementJson, sqlStatusList } from './payout.rows';

describe('sqlStatusList', () => {
  it('writes the statuses as SQL literals in their order', () => {
    expect(sqlStatusList(IN_FLIGHT_STATUSES)).toBe(
      "'awaiting_approval', 'scheduled', 'pending', 'submitting', 'processing', 'manual_review'",
    );
  });
});

describe('moneyMovementJson', () => {
  const change = {
    expectedVersion: 3,
    status: 'scheduled' as const,
    version: 4,
    failure: null,
    provider: null,
    routing: null,
    nextCheckAt: null,
    needsAttention: false,
    contradiction: false,
    updatedAt: new Date(0),
    completedAt: null,
  };

  it('names only the columns given (null clears one); an absent key keeps its column', () => {
    const opensAt = new Date('2026-12-07T05:30:00Z');
    const json = moneyMovementJson({
      ...change,
      moneyMovement: { rail: 'eft', holdReason: null, scheduledFor: opensAt, expectedCompletionAt: undefined },
    });
    expect(JSON.parse(json as string)).toEqual({
      rail: 'eft',
      hold_reason: null,
      scheduled_for: '2026-12-07T05:30:00.000Z',
    });
  });

  it('is null without money-movement fields', () => {
    expect(moneyMovementJson(change)).toBeNull();
    expect(moneyMovementJson({ ...change, moneyMovement: {} })).toBeNull();
    expect(moneyMovementJson(undefined)).toBeNull();
  });
});
