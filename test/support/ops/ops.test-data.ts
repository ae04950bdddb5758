import type { MinorUnits } from '@libs/payouts/domain';
import type { PayoutRecord } from '@libs/payouts/application';
import type { OpsPayoutRow } from '@libs/ops/application/ops-store.port';

/** A payout row as the ops queries return it; fields overridable per test. */
export function opsRow(
  payout: Partial<PayoutRecord> = {},
  rest: Partial<Omit<OpsPayoutRow, 'payout'>> = {},
): OpsPayoutRow {
  return {
    payout: {
      id: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
      clientId: 'c1',
      status: 'manual_review',
      version: 4,
      amount: 250013n as MinorUnits,
      currency: 'TRY',
      beneficiary: { name: 'Ahmet Yılmaz', ibanLast4: '7890', bankCode: '00100' },
      customer: null,
      reference: 'order-1',
      description: null,
      metadata: {},
      requestedProvider: 'sipay',
      provider: 'sipay',
      providerReference: '2505267108142371608',
      routing: null,
      failure: null,
      nextCheckAt: new Date('2026-01-01T01:00:00Z'),
      needsAttention: false,
      contradiction: false,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      updatedAt: new Date('2026-01-01T00:10:00Z'),
      completedAt: null,
      scheduledFor: null,
      approval: null,
      batchId: null,
      itemReference: null,
      rail: null,
      expectedCompletionAt: null,
      holdReason: null,
      holdSince: null,
      ...payout,
    },
    since: new Date('2026-01-01T00:10:00Z'),
    attempt: { provider: 'sipay', status: 'accepted', pollCount: 3, lastPolledAt: null, lastRawAnswer: null },
    ...rest,
  };
}
