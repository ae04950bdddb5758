import fc from 'fast-check';
import { judgeAttemptSignal, proves, type NotExecutedProof } from './attempt-evidence';
import { PAYOUT_STATUSES } from './payout-status';

const proofs: fc.Arbitrary<NotExecutedProof> = fc.oneof(
  fc.record({ kind: fc.constant('refusal' as const), sendNumber: fc.nat(6) }),
  fc.record({ kind: fc.constant('no_record' as const), sendCount: fc.nat(6) }),
  fc.constant({ kind: 'never_sent' as const }),
);
const inputs = fc.record({
  attempt: fc.record({ superseded: fc.boolean(), sendCount: fc.nat(6) }),
  to: fc.constantFrom(...PAYOUT_STATUSES),
  rejectsAttempt: fc.boolean(),
  proof: fc.option(proofs, { nil: undefined }),
  byOps: fc.boolean(),
});

describe('judgeAttemptSignal (invariants 2a, 2b) for all inputs', () => {
  it('never lets a refusal after a second call, or after another call began, prove "not executed"', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const verdict = judgeAttemptSignal(input);
        if (verdict.kind !== 'ok' || input.byOps || !input.rejectsAttempt) return;
        expect(input.proof).toBeDefined();
        const proof = input.proof as NotExecutedProof;
        if (proof.kind === 'refusal') {
          expect(proof.sendNumber).toBeLessThanOrEqual(1);
          expect(input.attempt.sendCount).toBe(proof.sendNumber);
        }
        if (proof.kind === 'never_sent') expect(input.attempt.sendCount).toBe(0);
        if (proof.kind === 'no_record') expect(input.attempt.sendCount).toBe(proof.sendCount);
      }),
    );
  });

  it('never lets a superseded attempt move the payout, and flags it whenever it says money moved', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const verdict = judgeAttemptSignal(input);
        if (input.byOps || !input.attempt.superseded) return;
        expect(verdict.kind).toBe('superseded');
        const moved = ['processing', 'manual_review', 'succeeded', 'returned'].includes(input.to);
        expect(verdict).toMatchObject({ moneyMoved: moved });
      }),
    );
  });

  it('refuses a rejection without a proof, and accepts the first call’s own refusal', () => {
    const attempt = { superseded: false, sendCount: 1 };
    expect(judgeAttemptSignal({ attempt, to: 'failed', rejectsAttempt: true, byOps: false }).kind).toBe('not_proven');
    expect(proves({ kind: 'refusal', sendNumber: 1 }, attempt)).toBe(true);
    expect(proves({ kind: 'refusal', sendNumber: 2 }, { superseded: false, sendCount: 2 })).toBe(false);
    expect(proves({ kind: 'refusal', sendNumber: 1 }, { superseded: false, sendCount: 2 })).toBe(false);
    expect(proves({ kind: 'refusal', sendNumber: 0 }, { superseded: false, sendCount: 0 })).toBe(true);
    expect(proves({ kind: 'never_sent' }, attempt)).toBe(false);
  });
});
