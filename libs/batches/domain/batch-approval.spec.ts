import fc from 'fast-check';
import { PayoutError, type ApprovalRecord, type MinorUnits } from '@libs/payouts/domain';
import { decideBatchVote, type BatchToDecide } from './batch-approval';
import { initialBatchStatus } from './initial-status';

const NOW = new Date('2026-12-05T10:00:00.000Z');
const DEADLINE = '2026-12-05T11:00:00.000Z';

const held = (required: number, approvals: string[] = []): BatchToDecide => ({
  id: 'batch-1',
  clientId: 'maker',
  status: 'awaiting_approval',
  approval: {
    policyVersion: 3,
    required,
    expiresAt: DEADLINE,
    approvals: approvals.map((clientId) => ({ clientId, clientName: clientId, at: NOW.toISOString(), reason: null })),
  },
});
const checker = (clientId: string) => ({ clientId, clientName: `name-${clientId}` });
const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    if (!(error instanceof PayoutError)) throw error;
    return error.code;
  }
};

describe('initialBatchStatus', () => {
  const policy = {
    version: 7,
    rules: [
      { minAmount: 1000n as MinorUnits, currency: 'TRY', approvals: 1 as const },
      { minAmount: 5000n as MinorUnits, currency: 'TRY', approvals: 2 as const, clientIds: ['maker'] },
    ],
  };
  const batch = (totalAmount: bigint, clientId = 'maker') => ({
    clientId,
    itemCount: 3,
    totalAmount,
    currency: 'TRY',
    createdAt: NOW,
  });

  it('holds a batch by its total, with the deadline after the timeout; opens one under every rule', () => {
    expect(initialBatchStatus(batch(999n), policy, 3_600_000)).toEqual({ status: 'open', approval: null });
    expect(initialBatchStatus(batch(1000n), policy, 3_600_000)).toEqual({
      status: 'awaiting_approval',
      approval: { policyVersion: 7, required: 1, expiresAt: DEADLINE, approvals: [] },
    });
    expect(initialBatchStatus(batch(5000n), policy, 3_600_000).approval?.required).toBe(2);
    expect(initialBatchStatus(batch(5000n, 'other'), policy, 3_600_000).approval?.required).toBe(1);
  });
});

describe('decideBatchVote', () => {
  it('opens the batch with the last approval needed, and keeps it awaiting before', () => {
    const first = decideBatchVote(held(2), checker('a'), 'approve', 'ok', NOW);
    expect(first).toMatchObject({ status: 'awaiting_approval', outcome: null });
    expect(first.approval.approvals).toEqual([
      { clientId: 'a', clientName: 'name-a', at: NOW.toISOString(), reason: 'ok' },
    ]);
    const second = decideBatchVote({ ...held(2), approval: first.approval }, checker('b'), 'approve', null, NOW);
    expect(second).toMatchObject({ status: 'open', outcome: 'approved' });
    expect(second.approval.approvals.map((vote) => vote.clientId)).toEqual(['a', 'b']);
  });

  it('records a rejection on the approval; the batch is then refused any decision', () => {
    const rejected = decideBatchVote(held(1), checker('a'), 'reject', 'wrong month', NOW);
    expect(rejected).toMatchObject({ status: 'awaiting_approval', outcome: 'rejected' });
    expect(rejected.approval.rejection).toMatchObject({ clientId: 'a', reason: 'wrong month' });
    expect(
      codeOf(() => decideBatchVote({ ...held(1), approval: rejected.approval }, checker('b'), 'approve', null, NOW)),
    ).toBe('invalid_state');
  });

  it('refuses the creator and a second vote (403), a batch not awaiting approval or past its deadline (409)', () => {
    expect(codeOf(() => decideBatchVote(held(1), checker('maker'), 'approve', null, NOW))).toBe('forbidden');
    expect(codeOf(() => decideBatchVote(held(2, ['a']), checker('a'), 'approve', null, NOW))).toBe('forbidden');
    expect(codeOf(() => decideBatchVote({ ...held(1), status: 'open' }, checker('a'), 'approve', null, NOW))).toBe(
      'invalid_state',
    );
    expect(codeOf(() => decideBatchVote({ ...held(1), approval: null }, checker('a'), 'approve', null, NOW))).toBe(
      'invalid_state',
    );
    expect(codeOf(() => decideBatchVote(held(1), checker('a'), 'approve', null, new Date(DEADLINE)))).toBe(
      'invalid_state',
    );
  });

  it('never opens a batch before it has as many distinct approvals as required, whatever the order of votes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.array(fc.record({ client: fc.constantFrom('maker', 'a', 'b', 'c'), reject: fc.boolean() }), {
          maxLength: 6,
        }),
        (required, votes) => {
          let batch = held(required);
          for (const vote of votes) {
            let next;
            try {
              next = decideBatchVote(batch, checker(vote.client), vote.reject ? 'reject' : 'approve', 'r', NOW);
            } catch (error) {
              if (!(error instanceof PayoutError)) throw error;
              continue;
            }
            batch = { ...batch, status: next.status, approval: next.approval };
          }
          const approval = batch.approval as ApprovalRecord;
          const voters = approval.approvals.map((vote) => vote.clientId);
          expect(new Set(voters).size).toBe(voters.length);
          expect(voters).not.toContain('maker');
          if (batch.status === 'open') {
            expect(voters.length).toBe(required);
            expect(approval.rejection).toBeUndefined();
          }
          if (approval.rejection) expect(batch.status).toBe('awaiting_approval');
          expect(voters.length).toBeLessThanOrEqual(required);
        },
      ),
    );
  });
});
