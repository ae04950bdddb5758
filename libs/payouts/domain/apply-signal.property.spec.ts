import fc from 'fast-check';
import { applySignal, type Decision, type PayoutState } from './apply-signal';
import { FAILURE_CODES } from './failure-code';
import {
  APPROVAL_EXPIRY_SOURCE,
  isApprovalSource,
  RAIL_HOLD_SOURCE,
  RELEASE_SOURCE,
  type PayoutSignal,
} from './payout-signal';
import { isTerminal, PAYOUT_STATUSES } from './payout-status';
import { CREATION_STATUSES, isEdge, RANK } from './payout-transitions';

const NOW = new Date('2025-05-26T10:00:00.000Z');

const signalArbitrary: fc.Arbitrary<PayoutSignal> = fc.record({
  to: fc.constantFrom(...PAYOUT_STATUSES),
  source: fc.constantFrom(
    'api',
    RELEASE_SOURCE,
    'approval:c2',
    APPROVAL_EXPIRY_SOURCE,
    'dispatch',
    'webhook:pientegra',
    'webhook:sipay',
    'poll:sipay',
    'ops:alice',
  ),
  failure: fc.option(
    fc.record({ code: fc.constantFrom(...FAILURE_CODES), message: fc.constant('from the property test') }),
    { nil: undefined },
  ),
  failover: fc.boolean(),
});

// Any signals, in any order, with duplicates: a random pick, then each repeated up to 3 times and shuffled.
const sequenceArbitrary = fc
  .array(fc.tuple(signalArbitrary, fc.integer({ min: 1, max: 3 })), { maxLength: 30 })
  .map((picks) => picks.flatMap(([signal, times]) => Array.from({ length: times }, () => signal)))
  .chain((signals) => fc.shuffledSubarray(signals, { minLength: signals.length, maxLength: signals.length }));

interface Step {
  before: PayoutState;
  signal: PayoutSignal;
  decision: Decision;
}

// A payout is created awaiting approval, scheduled or pending: every sequence runs from each.
const startArbitrary = fc.constantFrom<PayoutState['status']>(...CREATION_STATUSES);

function run(signals: PayoutSignal[], start: PayoutState['status'] = 'awaiting_approval'): Step[] {
  let state: PayoutState = { status: start, version: 1 };
  const steps: Step[] = [];
  for (const signal of signals) {
    const decision = applySignal(state, signal, NOW);
    steps.push({ before: state, signal, decision });
    if (decision.kind === 'applied') state = { status: decision.to, version: decision.version };
  }
  return steps;
}

const check = (predicate: (steps: Step[]) => void): void =>
  fc.assert(
    fc.property(sequenceArbitrary, startArbitrary, (signals, start) => predicate(run(signals, start))),
    { numRuns: 500 },
  );

describe('applySignal over any sequence of signals, starting from each creation status', () => {
  // The three edges that go down in rank: failover, a release from the provider's manual review (the lifecycle spec
  // says it is not a downgrade), and dispatch holding a payout for its closed rail (money-movement.md).
  it('never moves back by rank, except failover, manual_review -> processing and a rail hold', () => {
    check((steps) => {
      for (const { before, signal, decision } of steps.filter((step) => step.decision.kind === 'applied')) {
        const isFailover = before.status === 'submitting' && decision.to === 'pending' && signal.failover === true;
        const isRelease = before.status === 'manual_review' && decision.to === 'processing';
        const isRailHold = before.status === 'pending' && decision.to === 'scheduled' && signal.source === 'dispatch';
        expect(RANK[decision.to] > RANK[before.status] || isFailover || isRelease || isRailHold).toBe(true);
      }
    });
  });

  it('moves a scheduled payout only by its release, the client or ops, and only to pending or canceled', () => {
    check((steps) => {
      for (const { signal, decision } of steps.filter((step) => step.before.status === 'scheduled')) {
        if (decision.kind !== 'applied') continue;
        expect(['pending', 'canceled']).toContain(decision.to);
        expect([RELEASE_SOURCE, 'api', 'ops:alice']).toContain(signal.source);
      }
    });
  });

  it('enters scheduled only from awaiting_approval or, by dispatch, from pending; never back to awaiting_approval', () => {
    check((steps) => {
      for (const { before, signal, decision } of steps.filter((step) => step.decision.kind === 'applied')) {
        expect(decision.to).not.toBe('awaiting_approval');
        if (decision.to === 'scheduled') {
          expect(['awaiting_approval', 'pending']).toContain(before.status);
          if (before.status === 'pending') expect(signal.source).toBe(RAIL_HOLD_SOURCE);
        }
      }
    });
  });

  it('lets a payout awaiting approval out only by an approver, ops, the client or its expiry; no provider moves it', () => {
    check((steps) => {
      for (const { signal, decision } of steps.filter((step) => step.before.status === 'awaiting_approval')) {
        if (decision.kind !== 'applied') continue;
        expect(['scheduled', 'pending', 'canceled']).toContain(decision.to);
        if (decision.to === 'canceled') {
          expect(
            ['api', 'ops:alice', APPROVAL_EXPIRY_SOURCE].includes(signal.source) || isApprovalSource(signal.source),
          ).toBe(true);
        } else {
          expect(isApprovalSource(signal.source) || signal.source === 'ops:alice').toBe(true);
        }
      }
    });
  });

  it('applies only edges of the transition table', () => {
    check((steps) => {
      for (const { before, decision } of steps.filter((step) => step.decision.kind === 'applied')) {
        expect(isEdge(before.status, decision.to)).toBe(true);
      }
    });
  });

  it('never leaves a terminal status', () => {
    check((steps) => {
      for (const { before, decision } of steps.filter((step) => isTerminal(step.before.status))) {
        expect(decision.kind).not.toBe('applied');
        expect(decision.from).toBe(before.status);
      }
    });
  });

  it('never turns a succeeded payout into a failed one', () => {
    check((steps) => {
      const firstSuccess = steps.findIndex((step) => step.before.status === 'succeeded');
      if (firstSuccess < 0) return;
      for (const { before } of steps.slice(firstSuccess)) expect(['succeeded', 'returned']).toContain(before.status);
    });
  });

  it('raises a contradiction for failed after succeeded or returned, and only then or for paid after not paid', () => {
    check((steps) => {
      for (const { before, signal, decision } of steps) {
        const paidThenFailed = ['succeeded', 'returned'].includes(before.status) && signal.to === 'failed';
        const notPaidThenPaid =
          ['failed', 'canceled'].includes(before.status) && ['succeeded', 'returned'].includes(signal.to);
        if (paidThenFailed) expect(decision).toMatchObject({ kind: 'refused', reason: 'contradiction' });
        expect(decision.contradiction).toBe(paidThenFailed || notPaidThenPaid);
      }
    });
  });

  it('bumps the version by exactly 1 per applied decision and never otherwise', () => {
    check((steps) => {
      let version = 1;
      for (const { before, decision } of steps) {
        expect(before.version).toBe(version);
        if (decision.kind === 'applied') version += 1;
        expect(decision.version).toBe(version);
      }
    });
  });

  it('ignores a signal repeated right after it was applied as a duplicate', () => {
    check((steps) => {
      steps.forEach((step, index) => {
        const next = steps[index + 1];
        if (step.decision.kind === 'applied' && next?.signal === step.signal) {
          expect(next.decision).toMatchObject({ kind: 'ignored', reason: 'duplicate' });
        }
      });
    });
  });

  it('gives every decision a reason and a detail', () => {
    check((steps) => {
      for (const { decision } of steps) {
        expect(decision.reason).toBeTruthy();
        expect(decision.detail.length).toBeGreaterThan(0);
      }
    });
  });
});

describe('the signal generator', () => {
  it('reaches every status and the contradictions, so the properties above are not vacuous', () => {
    const reached = new Set<string>();
    let contradictions = 0;
    let releases = 0;
    let approvals = 0;
    for (const signals of fc.sample(sequenceArbitrary, { numRuns: 300, seed: 42 })) {
      for (const { before, decision } of run(signals)) {
        if (before.status === 'awaiting_approval' && decision.kind === 'applied' && decision.to !== 'canceled')
          approvals += 1;
        if (before.status === 'scheduled' && decision.kind === 'applied' && decision.to === 'pending') releases += 1;
        if (decision.kind === 'applied') reached.add(decision.to);
        if (decision.contradiction) contradictions += 1;
      }
    }
    // Every status but awaiting_approval, which only creation sets (every run starts there).
    expect([...reached].sort()).toEqual(PAYOUT_STATUSES.filter((status) => status !== 'awaiting_approval').sort());
    expect(approvals).toBeGreaterThan(0);
    expect(contradictions).toBeGreaterThan(0);
    expect(releases).toBeGreaterThan(0);
  });
});
