import type {
  AttemptRecord,
  Decider,
  PayoutRecord,
  PayoutStore,
  SignalFor,
  TransitionOptions,
  TransitionPayout,
  TransitionScope,
} from '@libs/payouts/application';
import type { MinorUnits, PayoutSignal } from '@libs/payouts/domain';
import type { LookupOutcome, PayoutProvider, WebhookParseResult } from '@libs/providers/contract';
import type { InboxOutcome, InboxRow, InboxStore } from './inbox-store.port';
import { ProcessWebhook } from './process-webhook';
import { noWebhookMetrics } from '@test/support/silent-metrics';

const RECEIVED = new Date('2026-05-26T10:00:00.000Z');
const AT_RECEIVED = { now: () => RECEIVED };
const HOUR = 3_600_000;

const attempt = (status: AttemptRecord['status']): AttemptRecord => ({
  id: 'a1',
  payoutId: 'p1',
  provider: 'sipay',
  reference: 'ref-1',
  providerId: '2505267108142371608',
  status,
  failure: null,
  lastRawAnswer: null,
  pollCount: 0,
  lastPolledAt: null,
  sendCount: 0,
  ambiguousSince: null,
  lastSentAt: null,
  submittedAt: RECEIVED,
  createdAt: RECEIVED,
  updatedAt: RECEIVED,
});

const payout = {
  id: 'p1',
  status: 'processing',
  version: 3,
  amount: 5000n as MinorUnits,
  currency: 'TRY',
} as PayoutRecord;

const row = (attempts: number): InboxRow => ({
  id: '7',
  provider: 'sipay',
  dedupeKey: 'ref-1:1',
  status: 'received',
  rawBody: Buffer.from('{}'),
  headers: {},
  remoteAddress: null,
  receivedAt: RECEIVED,
  reference: 'ref-1',
  providerId: '2505267108142371608',
  signalStatus: 'succeeded',
  providerStatus: 'after_process_status=1',
  nextAttemptAt: RECEIVED,
  payoutId: null,
  attemptId: null,
  decision: null,
  detail: null,
  lookupEvidence: null,
  attempts,
  lastError: null,
  processedAt: null,
});

const SUCCESS_EVENT: WebhookParseResult = {
  kind: 'event',
  dedupeKey: 'ref-1:1',
  reference: 'ref-1',
  providerId: '2505267108142371608',
  signal: { status: 'succeeded', providerStatus: 'after_process_status=1' },
  mustConfirmByLookup: true,
  raw: '{}',
};

function harness(
  options: {
    attempt?: AttemptRecord;
    lookup?: LookupOutcome;
    event?: WebhookParseResult;
    transactional?: boolean;
  } = {},
) {
  const recorded: InboxOutcome[] = [];
  /** What each transaction (TransitionPayout.within) did, in order: 'attempt', 'decision', 'record'. */
  const transactions: string[][] = [];
  let current: string[] | undefined;
  const lookups: string[] = [];
  const signals: { signal: PayoutSignal; needsAttention?: boolean }[] = [];
  const attemptUpdates: NonNullable<TransitionOptions['attemptUpdate']>[] = [];
  const inbox = { record: async (_id: string, outcome: InboxOutcome) => void recorded.push(outcome) } as InboxStore;
  const payoutReads: string[] = [];
  const store = {
    payouts: { find: async (id: string) => (payoutReads.push(id), current?.push('payout'), payout) },
    attempts: {
      findByReference: async () => (current?.push('attempt'), options.attempt),
      findByProviderId: async () => (current?.push('attempt'), options.attempt),
    },
    beneficiaries: {
      loadBeneficiaryForSubmission: async () => (
        current?.push('beneficiary'),
        { name: 'Ahmet Yılmaz', iban: 'TR32...' }
      ),
    },
  } as unknown as PayoutStore;
  const apply = async (_id: string, signalFor: SignalFor, opts: TransitionOptions = {}) => {
    // TransitionPayout makes a "stay where you are" signal from the locked row; here the row is `payout`.
    const signal = typeof signalFor === 'function' ? signalFor(payout) : signalFor;
    signals.push({ signal, needsAttention: opts.needsAttention });
    if (opts.attemptUpdate) attemptUpdates.push(opts.attemptUpdate);
    current?.push('decision');
    // TransitionPayout refuses a signal about an attempt that is no longer live, under the lock (2b).
    if (options.attempt?.status === 'rejected') {
      const contradiction = signal.to !== 'failed';
      return { decision: { kind: 'refused', reason: 'superseded_attempt', contradiction, detail: 'd' } };
    }
    const applied = signal.to !== payout.status;
    return {
      decision: { kind: applied ? 'applied' : 'ignored', reason: applied ? 'transition' : 'duplicate', detail: 'd' },
    };
  };
  // The decider sees `payout` as the locked row.
  const decide = async (id: string, decider: Decider) => {
    const decided = await decider({
      payout,
      attempts: async () => (options.attempt ? [options.attempt] : []),
      beneficiary: () => {
        throw new Error('a webhook decision never opens the beneficiary');
      },
      store,
    });
    return decided ? apply(id, decided.signal, decided.options) : undefined;
  };
  const transition = {
    apply,
    decide,
    within: async <T>(work: (scope: TransitionScope) => Promise<T>): Promise<T> => {
      current = [];
      transactions.push(current);
      try {
        return await work({ store, decide } as unknown as TransitionScope);
      } finally {
        current = undefined;
      }
    },
  } as unknown as TransitionPayout;
  const inboxIn = () => ({
    record: async (_id: string, outcome: InboxOutcome) => {
      current?.push('record');
      recorded.push(outcome);
    },
  });
  const provider = {
    name: 'sipay',
    capabilities: { processingPollSchedule: { stepsMs: [120_000], thenEveryMs: HOUR } },
    parseWebhook: async () => options.event ?? SUCCESS_EVENT,
    lookup: async () => {
      lookups.push(current === undefined ? 'outside a transaction' : 'inside a transaction');
      return options.lookup ?? { kind: 'unavailable', reason: 'timeout', raw: { body: '', requestCount: 1 } };
    },
  } as unknown as PayoutProvider;
  const process = new ProcessWebhook(
    inbox,
    store,
    transition,
    { find: () => provider },
    noWebhookMetrics,
    {
      timeScale: 1,
      leaseMs: 120_000,
      orphanRetryForMs: 24 * HOUR,
      confirmRetryForMs: 2 * HOUR,
      lookAgainMs: 6 * HOUR,
    },
    options.transactional ? inboxIn : undefined,
  );
  return { process, recorded, signals, payoutReads, transactions, lookups, attemptUpdates };
}

const found = (status: 'processing' | 'succeeded' | 'failed'): LookupOutcome => ({
  kind: 'found',
  providerId: '2505267108142371608',
  signal: { status, providerStatus: `process_level_status=${{ processing: 0, succeeded: 1, failed: 2 }[status]}` },
  raw: { body: '{}', requestCount: 1 },
});

describe('ProcessWebhook', () => {
  it('applies a terminal Sipay webhook once the lookup confirms it', async () => {
    const { process, recorded, signals } = harness({ attempt: attempt('accepted'), lookup: found('succeeded') });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('processed');
    expect(signals).toEqual([
      {
        signal: expect.objectContaining({ to: 'succeeded', source: 'webhook:sipay' }),
        needsAttention: undefined,
      },
    ]);
    expect(recorded[0]).toMatchObject({ status: 'processed', payoutId: 'p1', attemptId: 'a1', decision: 'transition' });
  });

  it('completes the attempt with the provider’s failure when a confirmed webhook says failed', async () => {
    const failure = { code: 'provider_rejected' as const, message: 'the provider rejected the transfer' };
    const event = {
      ...SUCCESS_EVENT,
      signal: { status: 'failed' as const, providerStatus: 'process_level_status=2', failure },
    };
    const { process, attemptUpdates } = harness({ attempt: attempt('accepted'), lookup: found('failed'), event });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('processed');
    expect(attemptUpdates[0]).toMatchObject({ attemptId: 'a1', status: 'completed', failure });
  });

  it('keeps a webhook whose sealed body cannot be opened waiting, with the reason, and applies nothing', async () => {
    const { process, recorded, signals } = harness({ attempt: attempt('accepted'), lookup: found('succeeded') });
    const unreadable = {
      ...row(1),
      bodyUnavailable: 'a sealed provider.webhook needs key "k0", which is not configured',
    };
    await expect(process.processClaimed(unreadable, AT_RECEIVED)).rejects.toThrow('"k0", which is not configured');
    expect(signals).toEqual([]);
    expect(recorded).toEqual([
      {
        status: 'received',
        nextAttemptAt: expect.any(Date),
        lastError: expect.stringContaining('the stored body cannot be read'),
      },
    ]);
  });

  it('keeps a webhook the lookup does not confirm yet, and asks again later', async () => {
    const { process, recorded, signals } = harness({ attempt: attempt('accepted'), lookup: found('processing') });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('received');
    expect(signals).toEqual([]);
    expect(recorded[0].nextAttemptAt).toEqual(new Date(RECEIVED.getTime() + 5_000));
  });

  it('flags the payout when the lookup never confirms it within the retry period', async () => {
    const { process, recorded, signals } = harness({ attempt: attempt('accepted'), lookup: found('processing') });
    const late = { now: () => new Date(RECEIVED.getTime() + 2 * HOUR) };
    expect(await process.processClaimed(row(40), late)).toBe('unconfirmed');
    expect(signals).toEqual([{ signal: expect.objectContaining({ to: 'processing' }), needsAttention: true }]);
    expect(recorded[0]).toMatchObject({ status: 'unconfirmed', nextAttemptAt: null });
  });

  it('stores a contradicted webhook, does not apply it, and flags the payout', async () => {
    const { process, recorded, signals } = harness({ attempt: attempt('accepted'), lookup: found('failed') });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('contradiction');
    expect(signals).toEqual([{ signal: expect.objectContaining({ to: 'processing' }), needsAttention: true }]);
    expect(recorded[0]).toMatchObject({ status: 'contradiction', decision: 'contradiction' });
  });

  it('keeps a contradiction that TransitionPayout found for a superseded attempt as a contradiction', async () => {
    const { process, recorded, signals } = harness({ attempt: attempt('rejected'), lookup: found('succeeded') });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('contradiction');
    expect(signals.map((s) => s.signal.to)).toEqual(['succeeded']);
    expect(recorded[0]).toMatchObject({ status: 'contradiction', decision: 'superseded_attempt' });
  });

  it('records, without a contradiction, a failure reported for a superseded attempt', async () => {
    const failure = { code: 'bank_rejected' as const, message: 'rejected by the bank' };
    const event = {
      ...SUCCESS_EVENT,
      signal: { status: 'failed' as const, providerStatus: 'after_process_status=2', failure },
    };
    const { process, recorded } = harness({ attempt: attempt('rejected'), lookup: found('failed'), event });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('processed');
    expect(recorded[0]).toMatchObject({ status: 'processed', decision: 'superseded_attempt' });
  });

  it('neither applies nor flags a failure the provider has no record of, for an attempt it never acknowledged', async () => {
    const failure = { code: 'bank_rejected' as const, message: 'rejected by the bank' };
    const event = {
      ...SUCCESS_EVENT,
      signal: { status: 'failed' as const, providerStatus: 'after_process_status=2', failure },
    };
    const noRecord: LookupOutcome = { kind: 'not_found', provesNotExecuted: true, raw: { body: '', requestCount: 1 } };
    const refused = { ...attempt('rejected'), providerId: null };
    const { process, recorded, signals } = harness({ attempt: refused, lookup: noRecord, event });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('processed');
    expect(recorded[0]).toMatchObject({ status: 'processed', decision: 'no_record' });
    expect(signals).toEqual([]);

    // The provider had acknowledged it before: now it has no record, which ops must look at.
    const known = harness({ attempt: attempt('accepted'), lookup: noRecord, event });
    expect(await known.process.processClaimed(row(1), AT_RECEIVED)).toBe('contradiction');
  });

  it('keeps a webhook without a matching attempt as an orphan, retried soon', async () => {
    const { process, recorded } = harness();
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('orphan');
    expect(recorded[0]).toMatchObject({ status: 'orphan', nextAttemptAt: new Date(RECEIVED.getTime() + 1_000) });
  });

  it('applies a webhook that needs no lookup reading the payout only under the transition’s lock', async () => {
    const event: WebhookParseResult = { ...SUCCESS_EVENT, mustConfirmByLookup: false };
    const { process, recorded, signals, payoutReads } = harness({ attempt: attempt('accepted'), event });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('processed');
    expect(signals).toEqual([
      { signal: expect.objectContaining({ to: 'succeeded', source: 'webhook:sipay' }), needsAttention: undefined },
    ]);
    expect(recorded[0]).toMatchObject({ status: 'processed', payoutId: 'p1', decision: 'transition' });
    expect(payoutReads).toEqual([]);
  });

  it('finds the attempt, decides and records the row in one transaction when no lookup is needed', async () => {
    const event: WebhookParseResult = { ...SUCCESS_EVENT, mustConfirmByLookup: false };
    const { process, recorded, transactions } = harness({ attempt: attempt('accepted'), event, transactional: true });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('processed');
    expect(transactions).toEqual([['attempt', 'decision', 'record']]);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ status: 'processed', payoutId: 'p1', decision: 'transition' });

    // An orphan too (looked up by reference, then by provider id): the row's outcome is the transaction's only write.
    const orphan = harness({ event, transactional: true });
    expect(await orphan.process.processClaimed(row(1), AT_RECEIVED)).toBe('orphan');
    expect(orphan.transactions).toEqual([['attempt', 'attempt', 'record']]);
  });

  it('reads what a lookup needs in one transaction, looks up outside any, then decides and records in one', async () => {
    const { process, recorded, transactions, lookups } = harness({
      attempt: attempt('accepted'),
      lookup: found('succeeded'),
      transactional: true,
    });
    expect(await process.processClaimed(row(1), AT_RECEIVED)).toBe('processed');
    expect(transactions).toEqual([
      ['attempt', 'payout', 'beneficiary'],
      ['decision', 'record'],
    ]);
    expect(lookups).toEqual(['outside a transaction']);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ status: 'processed', decision: 'transition' });
  });
});
