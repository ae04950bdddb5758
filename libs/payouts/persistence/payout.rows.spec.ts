import { IN_FLIGHT_STATUSES } from '../domain';
import { moneyMovementUpdate, sqlStatusList } from './payout.rows';

describe('sqlStatusList', () => {
  it('writes the statuses as SQL literals in their order', () => {
    expect(sqlStatusList(IN_FLIGHT_STATUSES)).toBe(
      "'awaiting_approval', 'scheduled', 'pending', 'submitting', 'processing', 'manual_review'",
    );
  });
});

describe('moneyMovementUpdate', () => {
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

  it('writes only the keys given (null clears one), guarded by the version the decision wrote', () => {
    const opensAt = new Date('2026-12-07T05:30:00Z');
    expect(
      moneyMovementUpdate('p-1', {
        ...change,
        moneyMovement: { rail: 'eft', holdReason: null, scheduledFor: opensAt },
      }),
    ).toEqual({
      text: 'UPDATE payouts SET rail = $3, hold_reason = $4, scheduled_for = $5 WHERE id = $1 AND version = $2',
      values: ['p-1', 4, 'eft', null, opensAt],
    });
  });

  it('is nothing without money-movement fields', () => {
    expect(moneyMovementUpdate('p-1', change)).toBeUndefined();
    expect(moneyMovementUpdate('p-1', { ...change, moneyMovement: {} })).toBeUndefined();
    expect(moneyMovementUpdate('p-1', undefined)).toBeUndefined();
  });
});
