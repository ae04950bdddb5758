import { DISPATCH_PAYOUT_JOB } from '@libs/payouts';
import type { RoutePayout, RouteResult } from './route-payout';
import { SettleRejectedAttempt } from './settle-rejected-attempt';
import { fakeMetrics, fakeTransition, NOW, payoutRecord, TIMING } from '@test/support/dispatch/dispatch.test-fakes';

const failure = { code: 'insufficient_provider_balance' as const, message: 'no balance', providerCode: '311' };

function setup(
  routeResult: RouteResult['kind'],
  payoutStatus: 'submitting' | 'processing' = 'submitting',
  options: { holds?: boolean; holdSince?: Date } = {},
) {
  const { transition, calls } = fakeTransition('applied', {
    payout: payoutRecord({ status: payoutStatus, holdSince: options.holdSince ?? null }),
  });
  const { metrics } = fakeMetrics();
  const routedWith: string[][] = [];
  const route = {
    execute: async (_payout: unknown, _attempts: unknown, _now: Date, excluding: string[]) => {
      routedWith.push(excluding);
      return { kind: routeResult, provider: 'beta', decision: { providers: [] } };
    },
  } as unknown as RoutePayout;
  const held: unknown[][] = [];
  const holds = { reschedulePending: async (...args: unknown[]) => void held.push(args) };
  const settle = new SettleRejectedAttempt(
    transition,
    route,
    { clock: { now: () => NOW }, metrics, timing: TIMING },
    options.holds ? holds : undefined,
  );
  return { settle, calls, routedWith, held };
}

const rejected = {
  payoutId: 'payout-1',
  attemptId: 'attempt-1',
  failure,
  source: 'dispatch',
  proof: { kind: 'refusal' as const, sendNumber: 1 },
};

describe('SettleRejectedAttempt', () => {
  it('fails over when the provider allows it and another provider is eligible: attempt rejected, new dispatch', async () => {
    const { settle, calls, routedWith } = setup('routed');
    expect(await settle.execute({ ...rejected, failoverAllowed: true })).toBe('failover');
    expect(routedWith).toEqual([['alpha']]);
    expect(calls).toHaveLength(1);
    expect(calls[0].signal).toMatchObject({ to: 'pending', failover: true, source: 'dispatch' });
    expect(calls[0].options.attemptUpdate).toMatchObject({ attemptId: 'attempt-1', status: 'rejected', failure });
    expect(calls[0].options.notExecutedProof).toEqual({ kind: 'refusal', sendNumber: 1 });
    expect(calls[0].options.extraOutbox).toEqual([
      { queue: 'dispatch', jobName: DISPATCH_PAYOUT_JOB, payload: { payoutId: 'payout-1' } },
    ]);
    expect(calls[0].options.nextCheckAt).toEqual(new Date(NOW.getTime() + TIMING.redispatchAfterMs));
  });

  it('fails the payout with the provider’s failure when no other provider is eligible now', async () => {
    const { settle, calls } = setup('wait');
    expect(await settle.execute({ ...rejected, failoverAllowed: true })).toBe('failed');
    expect(calls[0].signal).toMatchObject({ to: 'failed', failure });
    expect(calls[0].options.attemptUpdate).toMatchObject({ status: 'rejected' });
  });

  it('holds a payout refused for the provider’s balance with nowhere else to go: pending, no new job, a hold', async () => {
    const { settle, calls, held } = setup('wait', 'submitting', { holds: true });
    expect(await settle.execute({ ...rejected, failoverAllowed: true })).toBe('waiting');
    expect(calls[0].signal).toMatchObject({ to: 'pending', failover: true });
    expect(calls[0].options.attemptUpdate).toMatchObject({ status: 'rejected', failure });
    expect(calls[0].options.extraOutbox).toBeUndefined();
    const nextCheckAt = new Date(NOW.getTime() + TIMING.redispatchAfterMs);
    expect(calls[0].options.nextCheckAt).toEqual(nextCheckAt);
    expect(held).toEqual([
      [
        'payout-1',
        nextCheckAt,
        expect.objectContaining({ reason: expect.stringMatching(/balance/) }),
        { reason: 'insufficient_provider_balance', now: NOW },
      ],
    ]);
  });

  it('fails a balance refusal once the hold began INSUFFICIENT_BALANCE_WAIT ago, and any other refusal at once', async () => {
    const since = new Date(NOW.getTime() - TIMING.insufficientBalanceWaitMs);
    const expired = setup('wait', 'submitting', { holds: true, holdSince: since });
    expect(await expired.settle.execute({ ...rejected, failoverAllowed: true })).toBe('failed');
    expect(expired.calls[0].signal).toMatchObject({ to: 'failed', failure });
    expect(expired.held).toEqual([]);
    const other = setup('wait', 'submitting', { holds: true });
    const limit = { code: 'limit_exceeded' as const, message: 'limit', providerCode: '310' };
    expect(await other.settle.execute({ ...rejected, failure: limit, failoverAllowed: true })).toBe('failed');
  });

  it('fails without asking routing when the provider forbids failover', async () => {
    const { settle, calls, routedWith } = setup('routed');
    expect(await settle.execute({ ...rejected, failoverAllowed: false })).toBe('failed');
    expect(routedWith).toEqual([]);
    expect(calls[0].signal.to).toBe('failed');
  });

  it('returns a never-sent attempt’s payout to pending whatever routing says', async () => {
    const { settle, calls, routedWith } = setup('no_route');
    const neverSent = { ...rejected, failoverAllowed: true, proof: { kind: 'never_sent' as const } };
    expect(await settle.execute(neverSent)).toBe('failover');
    expect(routedWith).toEqual([]);
    expect(calls[0].signal).toMatchObject({ to: 'pending', failover: true });
  });

  it('does nothing once the payout has left submitting', async () => {
    const { settle, calls } = setup('routed', 'processing');
    expect(await settle.execute({ ...rejected, failoverAllowed: true })).toBe('superseded');
    expect(calls).toEqual([]);
  });
});
