import type { AttemptRecord } from '@libs/payouts/application';
import type { PayoutStatus } from '@libs/payouts/domain';
import type { LookupOutcome, ProviderCapabilities, SignalStatus } from '@libs/providers/contract';
import { decidePoll, type PollInput } from './decide-poll';

const MINUTE = 60_000;
const SUBMITTED = new Date('2026-05-26T10:00:00.000Z');
const at = (ms: number) => new Date(SUBMITTED.getTime() + ms);

const SIPAY_LIKE: ProviderCapabilities = {
  currencies: ['TRY'],
  ibanCountries: ['TR'],
  minAmount: 1n,
  maxAmount: 1_000_000_000n,
  requiresNationalId: true,
  rails: { fast: { maxAmount: 10_000_000n }, eft: true },
  processingPollSchedule: { stepsMs: [2 * MINUTE], thenEveryMs: 60 * MINUTE },
  confirmsWebhooksByLookup: true,
  manualReviewAfterMs: 10 * MINUTE,
  consistencyWindowMs: 30 * MINUTE,
};
const PIENTEGRA_LIKE: ProviderCapabilities = { ...SIPAY_LIKE, manualReviewAfterMs: undefined };

const attempt = (status: AttemptRecord['status'] = 'accepted', providerId: string | null = '2505267108142371608') =>
  ({
    id: 'a1',
    payoutId: 'p1',
    provider: 'sipay',
    reference: 'ref-1',
    providerId,
    status,
    failure: null,
    lastRawAnswer: null,
    pollCount: 0,
    lastPolledAt: null,
    sendCount: 0,
    ambiguousSince: null,
    lastSentAt: null,
    submittedAt: SUBMITTED,
    createdAt: SUBMITTED,
    updatedAt: SUBMITTED,
  }) satisfies AttemptRecord;

const raw = { httpStatus: 200, body: '{}', requestCount: 1 };
const found = (status: SignalStatus, providerStatus: string): LookupOutcome => ({
  kind: 'found',
  providerId: '2505267108142371608',
  signal: {
    status,
    providerStatus,
    ...(status === 'failed' ? { failure: { code: 'bank_rejected', message: 'rejected' } } : {}),
  },
  raw,
});

const input = (status: PayoutStatus, outcome: LookupOutcome, extra: Partial<PollInput> = {}): PollInput => ({
  status,
  attempt: attempt(),
  outcome,
  capabilities: SIPAY_LIKE,
  context: { since: SUBMITTED },
  hasWebhook: false,
  now: at(3 * MINUTE),
  timeScale: 1,
  ...extra,
});

describe('decidePoll: found', () => {
  it('completes the attempt with the provider’s failure when the lookup says failed', () => {
    const decision = decidePoll(input('processing', found('failed', 'process_level_status=2')));
    expect(decision).toMatchObject({ to: 'failed', moves: true });
    expect(decision.attemptChange).toMatchObject({
      status: 'completed',
      failure: { code: 'bank_rejected', message: 'rejected' },
    });
  });

  it('moves a submitting payout to what the provider says, accepting the attempt and learning its id', () => {
    const decision = decidePoll(
      input('submitting', found('processing', 'process_level_status=0'), {
        attempt: attempt('submitting', null),
      }),
    );
    expect(decision).toMatchObject({ to: 'processing', moves: true });
    expect(decision.attemptChange).toEqual({
      polled: true,
      lastRawAnswer: raw,
      providerId: '2505267108142371608',
      status: 'accepted',
    });
  });

  it('applies a terminal answer with its failure and completes the attempt', () => {
    const decision = decidePoll(input('processing', found('failed', 'process_level_status=2')));
    expect(decision).toMatchObject({ to: 'failed', moves: true, failure: { code: 'bank_rejected' } });
    expect(decision.attemptChange.status).toBe('completed');
  });

  it('keeps processing while the webhook window is open', () => {
    const decision = decidePoll(input('processing', found('processing', 'process_level_status=0')));
    expect(decision).toMatchObject({ to: 'processing', moves: false });
  });

  it('takes "still pending, no webhook, window passed" as the provider\'s manual review', () => {
    const decision = decidePoll(
      input('processing', found('processing', 'process_level_status=0'), { now: at(10 * MINUTE) }),
    );
    expect(decision).toMatchObject({ to: 'manual_review', moves: true });
  });

  it('scales the window with POLL_TIME_SCALE', () => {
    const scaled = { now: at(6_001), timeScale: 0.01 };
    expect(decidePoll(input('processing', found('processing', '0'), scaled)).to).toBe('manual_review');
    expect(decidePoll(input('processing', found('processing', '0'), { ...scaled, now: at(5_999) })).to).toBe(
      'processing',
    );
  });

  it('does not call it manual review once a webhook came, or for a provider without the gap', () => {
    const late = { now: at(60 * MINUTE) };
    expect(decidePoll(input('processing', found('processing', '0'), { ...late, hasWebhook: true })).to).toBe(
      'processing',
    );
    expect(
      decidePoll(input('processing', found('processing', '0'), { ...late, capabilities: PIENTEGRA_LIKE })).to,
    ).toBe('processing');
  });

  it('keeps manual_review when the lookup says what it said last time (Sipay 0 before and during the review)', () => {
    const same = { context: { since: SUBMITTED, lastLookupProviderStatus: 'process_level_status=0' } };
    expect(decidePoll(input('manual_review', found('processing', 'process_level_status=0'), same))).toMatchObject({
      to: 'manual_review',
      moves: false,
    });
    // Entered by a webhook, never looked up since: a "pending" lookup is no release either.
    expect(decidePoll(input('manual_review', found('processing', 'process_level_status=0'))).to).toBe('manual_review');
  });

  it('takes a different in-progress answer during a review as a release back to processing', () => {
    const before = { context: { since: SUBMITTED, lastLookupProviderStatus: 'PENDING_REVIEW' } };
    expect(decidePoll(input('manual_review', found('processing', 'APPROVED'), before))).toMatchObject({
      to: 'processing',
      moves: true,
    });
  });

  it('resolves a review with the final answer', () => {
    const same = { context: { since: SUBMITTED, lastLookupProviderStatus: 'process_level_status=0' } };
    expect(decidePoll(input('manual_review', found('succeeded', 'process_level_status=1'), same)).to).toBe('succeeded');
  });
});

describe('decidePoll: not found', () => {
  const notFound = (provesNotExecuted: boolean, failure?: { code: 'invalid_beneficiary' | 'provider_unavailable' }) =>
    ({
      kind: 'not_found',
      provesNotExecuted,
      ...(failure ? { failure: { ...failure, message: 'm' } } : {}),
      raw,
    }) as LookupOutcome;

  it('proves nothing inside the consistency window', () => {
    const decision = decidePoll(input('submitting', notFound(false), { attempt: attempt('submitting', null) }));
    expect(decision).toMatchObject({ to: 'submitting', moves: false });
    expect(decision.attemptChange).toEqual({ polled: true, lastRawAnswer: raw });
  });

  it('fails over an attempt proven never executed: attempt rejected, payout back to pending, dispatch again', () => {
    const decision = decidePoll(input('submitting', notFound(true), { attempt: attempt('submitting', null) }));
    expect(decision).toMatchObject({ to: 'pending', moves: true, failover: true, redispatch: true });
    expect(decision.attemptChange).toMatchObject({ status: 'rejected', failure: { code: 'provider_unavailable' } });
  });

  it('fails the payout when the replayed create is refused for a reason no provider would accept', () => {
    const decision = decidePoll(
      input('submitting', notFound(true, { code: 'invalid_beneficiary' }), { attempt: attempt('submitting', null) }),
    );
    expect(decision).toMatchObject({ to: 'failed', failure: { code: 'invalid_beneficiary' } });
    expect(decision.redispatch).toBeUndefined();
  });

  it('does not trust a refusal of our own credentials as proof', () => {
    const decision = decidePoll(
      input('submitting', notFound(true, { code: 'provider_unavailable' }), { attempt: attempt('submitting', null) }),
    );
    expect(decision).toMatchObject({ to: 'submitting', moves: false });
  });

  it('flags, and never fails, an acknowledged attempt the provider no longer knows', () => {
    const decision = decidePoll(input('processing', notFound(true)));
    expect(decision).toMatchObject({ to: 'processing', moves: false, flag: true });
  });
});

describe('decidePoll: no answer', () => {
  it('changes nothing and keeps the last real answer when nothing was sent', () => {
    const outcome: LookupOutcome = { kind: 'unavailable', reason: 'rate_limited', raw: { body: '', requestCount: 0 } };
    const decision = decidePoll(input('processing', outcome));
    expect(decision).toMatchObject({ to: 'processing', moves: false });
    expect(decision.attemptChange).toEqual({ polled: true });
  });
});
