import type { SubmitOutcome } from '@libs/providers';
import { ApplySubmitOutcome, type SentAttempt } from './apply-submit-outcome';
import type { DispatchWrites } from './dispatch.ports';
import type { RejectedAttempt, SettleRejectedAttempt } from './settle-rejected-attempt';
import {
  attemptRecord,
  fakeJobs,
  fakeMetrics,
  fakeTransition,
  NOW,
  payoutRecord,
  TIMING,
} from '@test/support/dispatch/dispatch.test-fakes';

const MINUTE = 60_000;
const raw = (requestCount = 1) => ({ httpStatus: 504, body: '', requestCount });

function setup(current = { payout: payoutRecord(), attempt: attemptRecord() }) {
  const { transition, calls } = fakeTransition('applied', { payout: current.payout, attempts: [current.attempt] });
  const { jobs, resubmits } = fakeJobs();
  const { metrics, counted } = fakeMetrics();
  const settled: RejectedAttempt[] = [];
  const settle = {
    execute: async (rejected: RejectedAttempt) => (settled.push(rejected), 'failover'),
  } as unknown as SettleRejectedAttempt;
  const evidence: unknown[] = [];
  const reads: string[] = [];
  const writes: DispatchWrites = {
    claimSend: async () => ({ kind: 'claimed', sendNumber: 1 }),
    reschedulePending: async () => undefined,
    recordEvidence: async (...args) => void evidence.push(args),
  };
  const apply = new ApplySubmitOutcome(
    transition,
    {
      reads: {
        findPayout: async () => (reads.push('payout'), current.payout),
        findAttempt: async () => (reads.push('attempt'), current.attempt),
      },
      writes,
    },
    settle,
    jobs,
    { clock: { now: () => NOW }, metrics, timing: TIMING },
  );
  return { apply, calls, resubmits, settled, evidence, counted, reads };
}

const sent = (overrides: Partial<SentAttempt> = {}): SentAttempt => ({
  payout: payoutRecord(),
  attempt: attemptRecord(),
  capabilities: { processingPollSchedule: { stepsMs: [2 * MINUTE], thenEveryMs: 60 * MINUTE } },
  retry: 0,
  isFirstSend: true,
  sendNumber: 1,
  ...overrides,
});

describe('ApplySubmitOutcome', () => {
  it('moves an accepted attempt to the signal’s status with the provider id and the processing schedule', async () => {
    const { apply, calls } = setup();
    const outcome: SubmitOutcome = {
      kind: 'accepted',
      providerId: '2505267108142371608',
      signal: { status: 'processing', providerStatus: 'code=100' },
      raw: { httpStatus: 200, body: '{}', requestCount: 1 },
    };
    expect(await apply.execute(sent(), { kind: 'sent', outcome })).toBe('accepted');
    expect(calls).toHaveLength(1);
    expect(calls[0].signal).toMatchObject({ to: 'processing', source: 'dispatch' });
    expect(calls[0].options.attemptUpdate).toMatchObject({
      attemptId: 'attempt-1',
      status: 'accepted',
      providerId: '2505267108142371608',
      lastRawAnswer: { httpStatus: 200, body: '{}', requestCount: 1 },
    });
    expect(calls[0].options.nextCheckAt).toEqual(new Date(NOW.getTime() + 2 * MINUTE));
  });

  it('keeps an ambiguous attempt submitting and sends the same attempt again later, never a new one', async () => {
    const { apply, calls, resubmits, settled } = setup();
    const outcome: SubmitOutcome = { kind: 'ambiguous', reason: 'timeout', raw: raw() };
    expect(await apply.execute(sent(), { kind: 'sent', outcome })).toBe('retrying');
    expect(calls[0].signal).toMatchObject({ to: 'submitting', source: 'dispatch' });
    expect(calls[0].options.newAttempt).toBeUndefined();
    expect(calls[0].options.attemptUpdate).toEqual({ attemptId: 'attempt-1', lastRawAnswer: raw() });
    expect(calls[0].options.nextCheckAt).toEqual(new Date(NOW.getTime() + 30_000));
    expect(resubmits).toEqual([
      {
        job: { payoutId: 'payout-1', attemptId: 'attempt-1', retry: 1 },
        delayMs: 2_000,
        jobId: 'resubmit-attempt-1-1',
      },
    ]);
    expect(settled).toEqual([]);
  });

  it('leaves an ambiguous attempt to reconciliation after the last retry, still submitting', async () => {
    const { apply, calls, resubmits } = setup();
    const outcome: SubmitOutcome = { kind: 'ambiguous', reason: 'server_error', raw: raw() };
    expect(await apply.execute(sent({ retry: 2 }), { kind: 'sent', outcome })).toBe('handed_to_reconciliation');
    expect(calls.map((c) => c.signal.to)).toEqual(['submitting']);
    expect(resubmits).toEqual([]);
  });

  it('settles a not-executed answer through failover-or-fail with the normalized failure and the raw answer', async () => {
    const { apply, settled, calls } = setup();
    const failure = { code: 'insufficient_provider_balance' as const, message: 'no balance', providerCode: '311' };
    const outcome: SubmitOutcome = { kind: 'not_executed', failure, failoverAllowed: true, raw: raw() };
    expect(await apply.execute(sent(), { kind: 'sent', outcome })).toBe('failover');
    expect(settled).toEqual([
      expect.objectContaining({ attemptId: 'attempt-1', failure, failoverAllowed: true, source: 'dispatch' }),
    ]);
    expect(calls).toEqual([]);
  });

  it('routes a new attempt elsewhere when our open circuit stopped its first send (nothing left us)', async () => {
    const { apply, settled, counted } = setup();
    expect(await apply.execute(sent(), { kind: 'circuit_open' })).toBe('failover');
    expect(settled).toEqual([expect.objectContaining({ proof: { kind: 'never_sent' }, failoverAllowed: true })]);
    expect(counted).toEqual(['alpha:circuit_open']);
  });

  it('gives back call 1 claimed with the attempt when nothing left us: with a never-sent settlement, or a resend later', async () => {
    // Dispatch claimed call 1 with the attempt; our circuit, then the rate budget, stopped the send before its first byte.
    const stopped = setup();
    const unsent = sent({ sendNumber: 0, unsentClaim: true });
    expect(await stopped.apply.execute(unsent, { kind: 'circuit_open' })).toBe('failover');
    expect(stopped.settled).toEqual([expect.objectContaining({ proof: { kind: 'never_sent' }, unsentClaim: true })]);

    const limited = setup();
    const ambiguous: SubmitOutcome = { kind: 'ambiguous', reason: 'rate_limited', detail: 'budget', raw: raw(0) };
    expect(await limited.apply.execute(unsent, { kind: 'sent', outcome: ambiguous })).toBe('retrying');
    expect(limited.calls[0].options.unsentClaimOf).toBe('attempt-1');

    // A refusal before anything was sent (call 0) proves it once the unsent claim is given back.
    const refused = setup();
    const failure = { code: 'invalid_beneficiary' as const, message: 'no' };
    const notExecuted: SubmitOutcome = { kind: 'not_executed', failure, failoverAllowed: false, raw: raw(0) };
    expect(await refused.apply.execute(unsent, { kind: 'sent', outcome: notExecuted })).toBe('failover');
    expect(refused.settled).toEqual([
      expect.objectContaining({ proof: { kind: 'refusal', sendNumber: 0 }, unsentClaim: true }),
    ]);

    // A send that did leave gives nothing back.
    const answered = setup();
    expect(await answered.apply.execute(sent({ sendNumber: 1 }), { kind: 'sent', outcome: ambiguous })).toBe(
      'retrying',
    );
    expect(answered.calls[0].options.unsentClaimOf).toBeUndefined();
  });

  it('keeps a resent attempt submitting when the circuit stops it: an earlier send may have reached the provider', async () => {
    const { apply, settled, calls, resubmits } = setup();
    expect(await apply.execute(sent({ isFirstSend: false, retry: 1 }), { kind: 'circuit_open' })).toBe('retrying');
    expect(settled).toEqual([]);
    expect(calls[0].signal.to).toBe('submitting');
    expect(calls[0].options.attemptUpdate).toEqual({ attemptId: 'attempt-1' });
    expect(resubmits[0].job.retry).toBe(2);
  });

  it('only keeps the evidence when a webhook or a poll settled the payout meanwhile', async () => {
    const { apply, calls, evidence } = setup({
      payout: payoutRecord({ status: 'succeeded' }),
      attempt: attemptRecord({ status: 'completed' }),
    });
    const outcome: SubmitOutcome = {
      kind: 'accepted',
      providerId: 'w-1',
      signal: { status: 'processing', providerStatus: 'created' },
      raw: raw(),
    };
    expect(await apply.execute(sent(), { kind: 'sent', outcome })).toBe('superseded');
    expect(calls).toEqual([]);
    expect(evidence).toEqual([['attempt-1', 'w-1', raw(), NOW]]);
  });

  it('checks an accepted answer against the payout under the transition’s lock, with no read before it', async () => {
    const { apply, calls, reads } = setup();
    const outcome: SubmitOutcome = {
      kind: 'accepted',
      providerId: 'w-2',
      signal: { status: 'processing', providerStatus: 'created' },
      raw: raw(),
    };
    expect(await apply.execute(sent(), { kind: 'sent', outcome })).toBe('accepted');
    expect(reads).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('keeps only the evidence of an accepted answer when the locked payout has moved to another live attempt', async () => {
    const { apply, calls, evidence } = setup({
      payout: payoutRecord({ status: 'submitting' }),
      attempt: attemptRecord({ status: 'rejected' }),
    });
    const outcome: SubmitOutcome = {
      kind: 'accepted',
      providerId: 'w-3',
      signal: { status: 'processing', providerStatus: 'created' },
      raw: raw(),
    };
    expect(await apply.execute(sent(), { kind: 'sent', outcome })).toBe('superseded');
    expect(calls).toEqual([]);
    expect(evidence).toEqual([['attempt-1', 'w-3', raw(), NOW]]);
  });
});
