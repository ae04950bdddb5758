import type {
  AttemptRecord,
  Decider,
  PayoutRecord,
  PayoutStore,
  TransitionPayout,
  TransitionOptions,
} from '@libs/payouts';
import type { PayoutSignal } from '@libs/payouts';
import type {
  DispatchJobs,
  DispatchMetrics,
  DispatchTiming,
  ResubmitJob,
} from '@libs/dispatch/application/dispatch.ports';
import type { BankCalendarSource } from '@libs/dispatch/application';
import { BankCalendar, parseEftWindow } from '@libs/rails/domain';

// Test doubles shared by the dispatch specs: records of what the code asked for, nothing more.

export const NOW = new Date('2026-03-05T10:00:00.000Z');

export function payoutRecord(overrides: Partial<PayoutRecord> = {}): PayoutRecord {
  return {
    id: 'payout-1',
    clientId: 'client-1',
    status: 'submitting',
    version: 2,
    amount: 250_000n as PayoutRecord['amount'],
    currency: 'TRY',
    beneficiary: { name: 'Ayşe Demir', ibanLast4: '7890', bankCode: '00100' },
    customer: null,
    reference: null,
    description: null,
    metadata: {},
    requestedProvider: null,
    provider: 'alpha',
    providerReference: null,
    routing: null,
    failure: null,
    nextCheckAt: NOW,
    needsAttention: false,
    contradiction: false,
    createdAt: NOW,
    updatedAt: NOW,
    completedAt: null,
    scheduledFor: null,
    approval: null,
    batchId: null,
    itemReference: null,
    rail: null,
    expectedCompletionAt: null,
    holdReason: null,
    holdSince: null,
    ...overrides,
  };
}

export function attemptRecord(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    id: 'attempt-1',
    payoutId: 'payout-1',
    provider: 'alpha',
    reference: 'ref-1',
    providerId: null,
    status: 'submitting',
    failure: null,
    lastRawAnswer: null,
    pollCount: 0,
    lastPolledAt: null,
    // Sent once: its first request left (AttemptRows.claimSend).
    sendCount: 1,
    ambiguousSince: NOW,
    lastSentAt: NOW,
    submittedAt: NOW,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export interface TransitionCall {
  payoutId: string;
  signal: PayoutSignal;
  options: TransitionOptions;
}

/** Applies every signal (unless told otherwise) and records the calls. */
/** What `decide` sees under the (fake) lock: the payout and its attempts, as a test sets them. */
export interface FakeLocked {
  payout?: PayoutRecord;
  attempts?: AttemptRecord[];
}

export function fakeTransition(kind: 'applied' | 'ignored' = 'applied', locked: FakeLocked = {}) {
  const calls: TransitionCall[] = [];
  const apply = async (payoutId: string, signal: PayoutSignal, options: TransitionOptions = {}) => {
    calls.push({ payoutId, signal, options });
    return { decision: { kind }, payout: payoutRecord({ status: signal.to }), event: {} };
  };
  const transition = {
    apply,
    decide: async (payoutId: string, decider: Decider) => {
      const decided = await decider({
        payout: locked.payout ?? payoutRecord(),
        attempts: async () => locked.attempts ?? [attemptRecord()],
        beneficiary: () => ({ name: 'Ayşe Demir', iban: 'TR320010009999901234567890' }),
        store: { transaction: { kind: 'transaction' } } as unknown as PayoutStore,
      });
      return decided ? apply(payoutId, decided.signal, decided.options) : undefined;
    },
  } as unknown as TransitionPayout;
  return { transition, calls };
}

export function fakeJobs() {
  const resubmits: { job: ResubmitJob; delayMs: number; jobId: string }[] = [];
  const redispatches: { payoutId: string; jobId: string }[] = [];
  const jobs: DispatchJobs = {
    resubmit: async (job, options) => void resubmits.push({ job, ...options }),
    redispatch: async (payoutId, jobId) => void redispatches.push({ payoutId, jobId }),
  };
  return { jobs, resubmits, redispatches };
}

export function fakeMetrics() {
  const counted: string[] = [];
  const metrics: DispatchMetrics = { count: (provider, kind) => void counted.push(`${provider}:${kind}`) };
  return { metrics, counted };
}

export const TIMING: DispatchTiming = {
  timeScale: 1,
  redispatchAfterMs: 30_000,
  resubmitDelaysMs: [2_000, 10_000],
  insufficientBalanceWaitMs: 86_400_000,
};

/** EFT open every minute of every day, no holidays: the rails never hold a payout in a test about something else. */
export const ALWAYS_OPEN_CALENDARS: BankCalendarSource = {
  at: async () => new BankCalendar(parseEftWindow('Mon-Sun 00:00-24:00'), () => undefined),
};

/** Both adapters' rails today, at the default FAST_MAX_AMOUNT. */
export const TEST_RAILS = { fast: { maxAmount: 10_000_000n }, eft: true } as const;
