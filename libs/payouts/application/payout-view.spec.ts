import type { MinorUnits, PayoutStatus } from '../domain';
import type { PayoutEventRecord, PayoutRecord } from './payout-record';
import { toPayoutEventView, toPayoutView } from './payout-view';

const record = (status: PayoutStatus): PayoutRecord => ({
  id: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
  clientId: 'c',
  status,
  version: 2,
  amount: 9_007_199_254_740_993n as MinorUnits,
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', ibanLast4: '7890', bankCode: '00100' },
  customer: null,
  reference: null,
  description: null,
  metadata: {},
  requestedProvider: 'sipay',
  provider: 'sipay',
  providerReference: '2505267108142371608',
  routing: null,
  failure: null,
  nextCheckAt: new Date('2026-05-26T10:02:00Z'),
  needsAttention: true,
  contradiction: false,
  createdAt: new Date('2026-05-26T10:00:00Z'),
  updatedAt: new Date('2026-05-26T10:00:01Z'),
  completedAt: null,
  scheduledFor: null,
  approval: null,
  batchId: null,
  itemReference: null,
  rail: null,
  expectedCompletionAt: null,
  holdReason: null,
  holdSince: null,
});

describe('the payout view', () => {
  it('writes the amount as an exact decimal string, beyond 2^53', () => {
    expect(toPayoutView(record('processing')).amount).toBe('9007199254740993');
  });

  it.each(['pending', 'submitting', 'processing', 'manual_review', 'succeeded'] as const)(
    'shows nextCheckAt and needsAttention while %s (not terminal)',
    (status) => {
      expect(toPayoutView(record(status))).toMatchObject({
        nextCheckAt: '2026-05-26T10:02:00.000Z',
        needsAttention: true,
      });
    },
  );

  it.each(['returned', 'failed', 'canceled'] as const)('leaves them out once %s', (status) => {
    const view = toPayoutView(record(status));
    expect(view).not.toHaveProperty('nextCheckAt');
    expect(view).not.toHaveProperty('needsAttention');
  });

  it('never carries the client id, the pinned provider or anything named iban in full', () => {
    const view = toPayoutView(record('processing'));
    expect(view).not.toHaveProperty('clientId');
    expect(view).not.toHaveProperty('requestedProvider');
    expect(Object.keys(view.beneficiary)).toEqual(['name', 'ibanLast4', 'bankCode']);
  });
});

describe('the event view', () => {
  const event = (fields: Partial<PayoutEventRecord>): PayoutEventRecord => ({
    id: '7',
    payoutId: 'p',
    clientId: 'c',
    version: 3,
    from: 'manual_review',
    to: 'failed',
    source: 'poll:sipay',
    actor: null,
    evidence: null,
    applied: true,
    flagsContradiction: false,
    reason: 'transition',
    detail: 'manual_review -> failed from poll:sipay: applied (transition)',
    snapshot: null,
    createdAt: new Date('2026-05-26T10:00:00Z'),
    ...fields,
  });

  it('shows the actor’s name, and what they typed as the reason and evidence, on an event a person made', () => {
    const view = toPayoutEventView(
      event({
        source: 'ops:c-ops',
        actor: 'c-ops',
        actorName: 'night-shift',
        evidence: { resolvedBy: 'c-ops', reason: 'Sipay rejected it', evidence: 'ticket 4411' },
      }),
    );
    expect(view).toMatchObject({ actor: 'night-shift', reason: 'Sipay rejected it', evidence: 'ticket 4411' });
  });

  it('keeps provider evidence internal, even when it has a reason of its own (an unavailable lookup)', () => {
    const view = toPayoutEventView(
      event({ source: 'ops:c-ops', actor: 'c-ops', evidence: { lookup: 'unavailable', reason: 'HTTP 503' } }),
    );
    expect(view.reason).toBe('transition');
    expect(view).not.toHaveProperty('actor');
    expect(view).not.toHaveProperty('evidence');
  });
});
