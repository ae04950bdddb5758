import { SendAttempt } from '@libs/dispatch/application';
import { attemptRecord, NOW, payoutRecord } from '@test/support/dispatch/dispatch.test-fakes';
import type { BeneficiaryForSubmission, PayoutStore } from '@libs/payouts/application';
import type { PayoutProvider, SubmitRequest } from '@libs/providers/contract';
import { ReconcileAttempt } from '@libs/reconciliation/application';

// No database: both use cases run on records of what they asked for, and stop right after the adapter call, whose
// request is all this spec compares.

const STOP = new Error('stop after the adapter call');
const LAST_SENT = new Date('2026-03-05T10:00:05.000Z');

const payout = payoutRecord({ customer: { id: 'customer-9', label: 'Ayşe' }, description: 'March rent' });
const attempt = attemptRecord({ providerId: 'alpha-77', lastSentAt: LAST_SENT });

const beneficiary: BeneficiaryForSubmission = {
  name: 'Ayşe Demir',
  iban: 'TR320010009999901234567890',
  nationalId: '10000000146',
};

const claimSend = jest.fn(async () => ({ kind: 'claimed' as const, sendNumber: 2 }));

async function requestSent(): Promise<SubmitRequest> {
  const requests: SubmitRequest[] = [];
  const adapter = {
    name: 'alpha',
    capabilities: { idempotencyRetentionMs: 86_400_000 },
    submit: async (request: SubmitRequest) => {
      requests.push(request);
      throw STOP;
    },
  };
  const send = new SendAttempt(
    { get: () => adapter } as never,
    { loadBeneficiaryForSubmission: async () => beneficiary } as never,
    { submit: async (_provider: string, call: () => Promise<unknown>) => call() } as never,
    { execute: async () => 'accepted' } as never,
    { crashAt: () => undefined, armDuringCall: () => () => undefined } as never,
    { claimSend },
    { now: () => NOW },
  );
  await expect(send.execute({ payout, attempt, retry: 0, isFirstSend: false })).rejects.toBe(STOP);
  return requests[0];
}

async function requestLookedUp(): Promise<SubmitRequest> {
  const requests: SubmitRequest[] = [];
  const provider = {
    name: 'alpha',
    capabilities: { idempotencyRetentionMs: 86_400_000 },
    lookup: async (request: SubmitRequest) => {
      requests.push(request);
      throw STOP;
    },
  } as unknown as PayoutProvider;
  const store = {
    payouts: { find: async () => payout },
    attempts: { findLive: async () => attempt, claimSend },
    beneficiaries: { loadBeneficiaryForSubmission: async () => beneficiary },
  } as unknown as PayoutStore;
  const reconcile = new ReconcileAttempt(
    store,
    {} as never,
    {} as never,
    { find: () => provider },
    { polled: () => undefined } as never,
    { timeScale: 1, lookAgainMs: 60_000 },
  );
  await expect(reconcile.execute(payout.id, { now: () => NOW })).rejects.toBe(STOP);
  return requests[0];
}

const withoutHook = ({ beforeFirstSend, ...request }: SubmitRequest) => ({
  request,
  hasHook: typeof beforeFirstSend === 'function',
});

describe('the provider request of an attempt', () => {
  it('is the same, field for field, when dispatch sends it and when reconciliation looks it up', async () => {
    const sent = withoutHook(await requestSent());
    const lookedUp = withoutHook(await requestLookedUp());
    expect(lookedUp.request).toEqual(sent.request);
    expect(sent.request).toEqual({
      payoutId: 'payout-1',
      attemptId: 'attempt-1',
      reference: 'ref-1',
      providerId: 'alpha-77',
      amount: 250_000n,
      currency: 'TRY',
      beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
      customer: { id: 'customer-9', label: 'Ayşe' },
      description: 'March rent',
      submittedAt: NOW,
      lastSentAt: LAST_SENT,
    });
  });

  it('claims its call before the first byte, on both paths', async () => {
    expect(withoutHook(await requestSent()).hasHook).toBe(true);
    expect(withoutHook(await requestLookedUp()).hasHook).toBe(true);
  });
});
