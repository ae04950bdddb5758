import { applySignal, type Decision } from './apply-signal';
import { APPROVAL_EXPIRY_SOURCE, RAIL_HOLD_SOURCE, RELEASE_SOURCE, type PayoutSignal } from './payout-signal';
import { PAYOUT_STATUSES, type PayoutStatus } from './payout-status';

const NOW = new Date('2025-05-26T10:00:00.000Z');

// Expected outcome of every (current status, signal status) pair for a source that passes every guard (ops), but
// the one edge only dispatch takes (pending -> scheduled, a closed rail: OPS_REFUSED).
// apply = applied; dup = ignored duplicate; stale = ignored stale; edge = refused not_an_edge;
// contra = refused contradiction; failover = applied only with failover: true, otherwise refused not_an_edge.
type Expect = 'apply' | 'dup' | 'stale' | 'edge' | 'contra' | 'failover';
// prettier-ignore
const TABLE: Record<PayoutStatus, Record<PayoutStatus, Expect>> = {
  awaiting_approval: { awaiting_approval: 'dup', scheduled: 'apply', pending: 'apply', submitting: 'edge', processing: 'edge', manual_review: 'edge', succeeded: 'edge', returned: 'edge', failed: 'edge', canceled: 'apply' },
  scheduled:     { awaiting_approval: 'stale', scheduled: 'dup',   pending: 'apply',    submitting: 'edge',  processing: 'edge',  manual_review: 'edge',  succeeded: 'edge',   returned: 'edge',   failed: 'edge',   canceled: 'apply' },
  pending:       { awaiting_approval: 'stale', scheduled: 'apply', pending: 'dup',        submitting: 'apply', processing: 'edge',  manual_review: 'edge',  succeeded: 'edge',   returned: 'edge',   failed: 'apply',  canceled: 'apply' },
  submitting:    { awaiting_approval: 'stale', scheduled: 'stale', pending: 'failover', submitting: 'dup',   processing: 'apply', manual_review: 'apply', succeeded: 'apply',  returned: 'apply',  failed: 'apply',  canceled: 'edge'  },
  processing:    { awaiting_approval: 'stale', scheduled: 'stale', pending: 'stale',    submitting: 'stale', processing: 'dup',   manual_review: 'apply', succeeded: 'apply',  returned: 'apply',  failed: 'apply',  canceled: 'edge'  },
  manual_review: { awaiting_approval: 'stale', scheduled: 'stale', pending: 'stale',    submitting: 'stale', processing: 'apply', manual_review: 'dup',   succeeded: 'apply',  returned: 'apply',  failed: 'apply',  canceled: 'edge'  },
  succeeded:     { awaiting_approval: 'stale', scheduled: 'stale', pending: 'stale',    submitting: 'stale', processing: 'stale', manual_review: 'stale', succeeded: 'dup',    returned: 'apply',  failed: 'contra', canceled: 'edge'  },
  returned:      { awaiting_approval: 'stale', scheduled: 'stale', pending: 'stale',    submitting: 'stale', processing: 'stale', manual_review: 'stale', succeeded: 'stale',  returned: 'dup',    failed: 'contra', canceled: 'stale' },
  failed:        { awaiting_approval: 'stale', scheduled: 'stale', pending: 'stale',    submitting: 'stale', processing: 'stale', manual_review: 'stale', succeeded: 'contra', returned: 'contra', failed: 'dup',    canceled: 'stale' },
  canceled:      { awaiting_approval: 'stale', scheduled: 'stale', pending: 'stale',    submitting: 'stale', processing: 'stale', manual_review: 'stale', succeeded: 'contra', returned: 'contra', failed: 'stale',  canceled: 'dup'   },
};

function expected(outcome: Expect, failover: boolean): Pick<Decision, 'kind' | 'reason' | 'contradiction'> {
  switch (outcome) {
    case 'apply':
      return { kind: 'applied', reason: 'transition', contradiction: false };
    case 'failover':
      return failover
        ? { kind: 'applied', reason: 'failover', contradiction: false }
        : { kind: 'refused', reason: 'not_an_edge', contradiction: false };
    case 'dup':
      return { kind: 'ignored', reason: 'duplicate', contradiction: false };
    case 'stale':
      return { kind: 'ignored', reason: 'stale', contradiction: false };
    case 'edge':
      return { kind: 'refused', reason: 'not_an_edge', contradiction: false };
    case 'contra':
      return { kind: 'refused', reason: 'contradiction', contradiction: true };
  }
}

const OPS_REFUSED = new Set(['pending->scheduled']);

const cases = PAYOUT_STATUSES.flatMap((from) =>
  PAYOUT_STATUSES.flatMap((to) => [false, true].map((failover) => ({ from, to, failover, outcome: TABLE[from][to] }))),
);

describe('applySignal: every (status, signal status, failover) combination', () => {
  it('covers all 10 x 10 x 2 combinations', () => {
    expect(cases).toHaveLength(200);
  });

  it.each(cases)('$from + $to (failover $failover) -> $outcome', ({ from, to, failover, outcome }) => {
    const signal: PayoutSignal = { to, source: 'ops:table', failover };
    const decision = applySignal({ status: from, version: 7 }, signal, NOW);
    const want = OPS_REFUSED.has(`${from}->${to}`) ? expected('edge', failover) : expected(outcome, failover);

    expect(decision).toMatchObject({ ...want, from, to, at: NOW });
    expect(decision.version).toBe(decision.kind === 'applied' ? 8 : 7);
    expect(decision.detail).toContain(`${from} -> ${to}`);
  });
});

describe('applySignal: the same table for a provider source', () => {
  // A webhook or poll passes every guard except those that only ops, the client or the release may take: a provider
  // signal never moves a scheduled payout or one awaiting approval (neither has an attempt).
  const guarded = new Set([
    'pending->failed',
    'pending->canceled',
    'pending->scheduled',
    'scheduled->pending',
    'scheduled->canceled',
    'awaiting_approval->scheduled',
    'awaiting_approval->pending',
    'awaiting_approval->canceled',
  ]);

  it.each(cases)('$from + $to (failover $failover) from webhook:sipay', ({ from, to, failover, outcome }) => {
    const decision = applySignal({ status: from, version: 7 }, { to, source: 'webhook:sipay', failover }, NOW);
    const want = guarded.has(`${from}->${to}`) ? expected('edge', failover) : expected(outcome, failover);
    expect(decision).toMatchObject(want);
  });
});

describe('applySignal guards', () => {
  const pending = { status: 'pending', version: 1 } as const;

  it('fails a pending payout from dispatch when no route exists', () => {
    const failure = { code: 'no_route', message: 'no eligible provider' } as const;
    const decision = applySignal(pending, { to: 'failed', source: 'dispatch', failure }, NOW);
    expect(decision).toMatchObject({ kind: 'applied', reason: 'transition', version: 2 });
  });

  it('fails a pending payout from dispatch that waited too long for a provider balance, from nowhere else', () => {
    const failure = { code: 'insufficient_provider_balance', message: 'no balance covered it' } as const;
    const decision = applySignal(pending, { to: 'failed', source: 'dispatch', failure }, NOW);
    expect(decision).toMatchObject({ kind: 'applied', reason: 'transition', version: 2 });
    const fromWebhook = applySignal(pending, { to: 'failed', source: 'webhook:sipay', failure }, NOW);
    expect(fromWebhook).toMatchObject({ kind: 'refused', reason: 'not_an_edge' });
  });

  it.each([
    ['dispatch', { code: 'provider_rejected', message: 'refused' } as const],
    ['webhook:pientegra', { code: 'provider_rejected', message: 'refused' } as const],
    ['poll:sipay', undefined],
    ['api', undefined],
  ])('refuses pending -> failed from %s without no_route', (source, failure) => {
    const decision = applySignal(pending, { to: 'failed', source, failure }, NOW);
    expect(decision).toMatchObject({ kind: 'refused', reason: 'not_an_edge', version: 1, contradiction: false });
    expect(decision.detail).toContain('no_route');
  });

  it('lets ops fail a pending payout for any reason', () => {
    const failure = { code: 'provider_rejected', message: 'manual' } as const;
    const decision = applySignal(pending, { to: 'failed', source: 'ops:alice', failure }, NOW);
    expect(decision.kind).toBe('applied');
  });

  it.each(['api', 'ops:alice'])('lets %s cancel a pending payout', (source) => {
    expect(applySignal(pending, { to: 'canceled', source }, NOW)).toMatchObject({ kind: 'applied', version: 2 });
  });

  it.each(['dispatch', 'webhook:sipay', 'poll:pientegra', 'ops:', 'apix'])('refuses a cancel from %s', (source) => {
    const decision = applySignal(pending, { to: 'canceled', source }, NOW);
    expect(decision).toMatchObject({ kind: 'refused', reason: 'not_an_edge', version: 1 });
  });

  it('moves submitting back to pending only when the signal says failover', () => {
    const submitting = { status: 'submitting', version: 3 } as const;
    const withFailover = applySignal(submitting, { to: 'pending', source: 'dispatch', failover: true }, NOW);
    const without = applySignal(submitting, { to: 'pending', source: 'dispatch' }, NOW);
    expect(withFailover).toMatchObject({ kind: 'applied', reason: 'failover', version: 4 });
    expect(without).toMatchObject({ kind: 'refused', reason: 'not_an_edge', version: 3 });
    expect(without.detail).toContain('failover');
  });

  it('ignores the failover flag on a payout already past submitting', () => {
    const decision = applySignal(
      { status: 'processing', version: 4 },
      { to: 'pending', source: 'dispatch', failover: true },
      NOW,
    );
    expect(decision).toMatchObject({ kind: 'ignored', reason: 'stale' });
  });

  const scheduled = { status: 'scheduled', version: 1 } as const;

  it.each([RELEASE_SOURCE, 'ops:alice'])('releases a scheduled payout to pending from %s', (source) => {
    expect(applySignal(scheduled, { to: 'pending', source }, NOW)).toMatchObject({ kind: 'applied', version: 2 });
  });

  it.each(['api', 'dispatch', 'webhook:sipay', 'poll:pientegra', 'schedules'])(
    'refuses a release of a scheduled payout from %s',
    (source) => {
      const decision = applySignal(scheduled, { to: 'pending', source, failover: true }, NOW);
      expect(decision).toMatchObject({ kind: 'refused', reason: 'not_an_edge', version: 1 });
      expect(decision.detail).toContain('released only');
    },
  );

  it.each(['api', 'ops:alice'])('lets %s cancel a scheduled payout', (source) => {
    expect(applySignal(scheduled, { to: 'canceled', source }, NOW)).toMatchObject({ kind: 'applied', version: 2 });
  });

  it.each([RELEASE_SOURCE, 'dispatch', 'webhook:sipay'])('refuses a cancel of a scheduled payout from %s', (source) => {
    const decision = applySignal(scheduled, { to: 'canceled', source }, NOW);
    expect(decision).toMatchObject({ kind: 'refused', reason: 'not_an_edge', version: 1 });
  });

  it('lets dispatch (RAIL_HOLD_SOURCE) hold a pending payout scheduled for a closed rail', () => {
    expect(RAIL_HOLD_SOURCE).toBe('dispatch');
    const pending = { status: 'pending', version: 3 } as const;
    expect(applySignal(pending, { to: 'scheduled', source: RAIL_HOLD_SOURCE }, NOW)).toMatchObject({
      kind: 'applied',
      reason: 'transition',
      version: 4,
    });
  });

  it.each(['api', 'ops:alice', RELEASE_SOURCE, 'webhook:sipay', 'poll:pientegra', 'approval:c1'])(
    'refuses to hold a pending payout scheduled from %s',
    (source) => {
      const decision = applySignal({ status: 'pending', version: 3 }, { to: 'scheduled', source }, NOW);
      expect(decision).toMatchObject({ kind: 'refused', reason: 'not_an_edge', version: 3 });
      expect(decision.detail).toContain('closed rail only by dispatch');
    },
  );

  it('never lets a provider signal move a scheduled payout: it has no attempt', () => {
    for (const to of ['submitting', 'processing', 'manual_review', 'succeeded', 'returned', 'failed'] as const) {
      for (const source of ['dispatch', 'webhook:sipay', 'poll:pientegra']) {
        expect(applySignal(scheduled, { to, source }, NOW)).toMatchObject({ kind: 'refused', version: 1 });
      }
    }
  });

  it('lets any source move a submitting payout forward', () => {
    for (const source of ['dispatch', 'webhook:sipay', 'poll:sipay', 'ops:bob']) {
      expect(applySignal({ status: 'submitting', version: 2 }, { to: 'succeeded', source }, NOW).kind).toBe('applied');
    }
  });
});

describe('applySignal details', () => {
  it('flags failed after succeeded for ops and leaves the version alone', () => {
    const decision = applySignal({ status: 'succeeded', version: 5 }, { to: 'failed', source: 'webhook:sipay' }, NOW);
    expect(decision).toMatchObject({ kind: 'refused', reason: 'contradiction', contradiction: true, version: 5 });
    expect(decision.detail).toMatch(/contradiction/);
    expect(decision.detail).toContain('webhook:sipay');
  });

  it('treats a late processing after succeeded as stale, not a contradiction', () => {
    const decision = applySignal({ status: 'succeeded', version: 5 }, { to: 'processing', source: 'poll:sipay' }, NOW);
    expect(decision).toMatchObject({ kind: 'ignored', reason: 'stale', contradiction: false });
  });

  it('applies a return that overtakes the success notice', () => {
    const decision = applySignal(
      { status: 'processing', version: 3 },
      { to: 'returned', source: 'webhook:sipay' },
      NOW,
    );
    expect(decision).toMatchObject({ kind: 'applied', from: 'processing', to: 'returned', version: 4 });
  });

  it('applies a return that overtakes the submit answer, and the success notice after it is stale', () => {
    const returned = applySignal(
      { status: 'submitting', version: 2 },
      { to: 'returned', source: 'webhook:pientegra' },
      NOW,
    );
    expect(returned).toMatchObject({ kind: 'applied', from: 'submitting', to: 'returned', version: 3 });
    const lateSuccess = applySignal(
      { status: 'returned', version: 3 },
      { to: 'succeeded', source: 'webhook:pientegra' },
      NOW,
    );
    expect(lateSuccess).toMatchObject({ kind: 'ignored', reason: 'stale' });
  });

  it('returns the time it was given', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    expect(applySignal({ status: 'pending', version: 1 }, { to: 'submitting', source: 'dispatch' }, at).at).toBe(at);
  });
});

describe('applySignal: a payout awaiting approval', () => {
  const awaiting = { status: 'awaiting_approval', version: 1 } as const;

  it.each([
    ['scheduled', 'approval:c1'],
    ['pending', 'approval:c1'],
    ['pending', 'ops:alice'],
  ] as const)('moves to %s from %s', (to, source) => {
    expect(applySignal(awaiting, { to, source }, NOW)).toMatchObject({ kind: 'applied', version: 2 });
  });

  it.each([RELEASE_SOURCE, 'api', 'dispatch', 'webhook:sipay', APPROVAL_EXPIRY_SOURCE])(
    'refuses its approval from %s',
    (source) => {
      expect(applySignal(awaiting, { to: 'pending', source }, NOW)).toMatchObject({ kind: 'refused', version: 1 });
      expect(applySignal(awaiting, { to: 'scheduled', source }, NOW)).toMatchObject({ kind: 'refused', version: 1 });
    },
  );

  it.each(['api', 'ops:alice', 'approval:c2', APPROVAL_EXPIRY_SOURCE])('lets %s cancel it', (source) => {
    expect(applySignal(awaiting, { to: 'canceled', source }, NOW)).toMatchObject({ kind: 'applied', version: 2 });
  });

  it.each([RELEASE_SOURCE, 'dispatch', 'webhook:sipay', 'poll:sipay'])('refuses a cancel from %s', (source) => {
    expect(applySignal(awaiting, { to: 'canceled', source }, NOW)).toMatchObject({ kind: 'refused', version: 1 });
  });
});
