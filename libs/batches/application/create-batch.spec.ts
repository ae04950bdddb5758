import type { Clock } from '@libs/platform/time';
import { ApprovalPolicyCache, type CreatePayoutInput, type CreatePayoutOptions } from '@libs/payouts/application';
import { emptyApprovalPolicy, PayoutError, type ApprovalPolicy, type MinorUnits } from '@libs/payouts/domain';
import { BatchInvalidError } from '../domain';
import type { BatchIntake, BatchIntakeRequest, StoredAnswer } from './batch-store.port';
import { CreateBatch, type BatchItemCandidate } from './create-batch';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const clock: Clock = { now: () => NOW } as Clock;
const IBAN = 'TR320010009999901234567890';

const input = (overrides: Partial<CreatePayoutInput> = {}): CreatePayoutInput => ({
  amount: '1000',
  currency: 'TRY',
  beneficiary: { name: 'Ayşe Yılmaz', iban: IBAN },
  ...overrides,
});

const candidate = (index: number, overrides: Partial<CreatePayoutInput> = {}, line?: number): BatchItemCandidate => ({
  index,
  ...(line !== undefined ? { line } : {}),
  itemReference: `item-${index}`,
  currency: overrides.currency ?? 'TRY',
  input: input(overrides),
  errors: [],
});

const RULES: CreatePayoutOptions = {
  knownProviders: ['alpha'],
  // What the enabled providers pay, as routing answers it: TRY only.
  acceptance: {
    refusals: (payout) =>
      payout.currency === 'TRY' ? [] : [{ field: 'currency', message: `no enabled provider pays ${payout.currency}` }],
  },
  firstCheckAfterMs: 30_000,
  scheduleMaxAheadMs: 90 * 86_400_000,
};

function setup(stored?: StoredAnswer, currentPolicy: ApprovalPolicy = emptyApprovalPolicy()) {
  const requests: BatchIntakeRequest[] = [];
  const intake: BatchIntake = {
    createOnce: async (request) => {
      requests.push(request);
      if (request.policyVersion !== currentPolicy.version) return { kind: 'policy_changed', policy: currentPolicy };
      return stored ? { kind: 'stored', ...stored } : { kind: 'created', body: request.body };
    },
    findStored: async () => stored,
  };
  const policies = new ApprovalPolicyCache();
  policies.learn(emptyApprovalPolicy());
  const create = new CreateBatch(intake, clock, {
    payoutRules: RULES,
    maxItems: 5,
    policies,
    approvalTimeoutMs: 3_600_000,
  });
  const execute = (items: BatchItemCandidate[], extra: Partial<Parameters<CreateBatch['execute']>[0]> = {}) =>
    create.execute({
      clientId: 'client-1',
      idempotencyKey: 'key-1',
      requestHash: 'hash-1',
      header: { reference: 'run-1', description: null, metadata: {} },
      items,
      requestErrors: [],
      ...extra,
    });
  return { requests, execute };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );

describe('CreateBatch', () => {
  it('holds a batch whose total needs approvals: awaiting_approval, every item sharing its approval, due at the deadline; decided on the current policy', async () => {
    // The process knows version 0; version 4 asks one approval from 3000 TRY: the first try is refused, the second holds.
    const policy: ApprovalPolicy = {
      version: 4,
      rules: [{ minAmount: 3000n as MinorUnits, currency: 'TRY', approvals: 1 }],
    };
    const { requests, execute } = setup(undefined, policy);
    const result = await execute([candidate(0), candidate(1, { amount: '2500' })]);
    expect(result.kind).toBe('created');
    expect(requests.map((request) => request.policyVersion)).toEqual([0, 4]);
    const { batch, items } = requests[1].create;
    const expiresAt = '2026-12-01T10:00:00.000Z';
    expect(batch.status).toBe('awaiting_approval');
    expect(batch.approval).toEqual({ policyVersion: 4, required: 1, expiresAt, approvals: [] });
    expect(items.map((item) => item.status)).toEqual(['awaiting_approval', 'awaiting_approval']);
    for (const item of items) {
      expect(item.payout.approval).toEqual(batch.approval);
      expect(item.payout.nextCheckAt).toEqual(new Date(expiresAt));
    }
    expect(result.body).toMatchObject({ status: 'awaiting_approval', counts: { awaiting_approval: 2 } });
  });

  it('opens a batch whose total is under every rule', async () => {
    const policy: ApprovalPolicy = {
      version: 1,
      rules: [{ minAmount: 3501n as MinorUnits, currency: 'TRY', approvals: 2 }],
    };
    const { requests, execute } = setup(undefined, policy);
    await execute([candidate(0), candidate(1, { amount: '2500' })]);
    expect(requests[1].create.batch.status).toBe('open');
    expect(requests[1].create.items.map((item) => item.status)).toEqual(['pending', 'pending']);
  });

  it('stores a valid batch: each item a new payout (pending, or scheduled until its time), the total, the counts', async () => {
    const { requests, execute } = setup();
    const later = '2026-12-02T09:00:00+03:00';
    const result = await execute([candidate(0), candidate(1, { amount: '2500', scheduledFor: later })]);
    expect(result.kind).toBe('created');
    expect(result.status).toBe(201);
    const [request] = requests;
    expect(request.create.items.map((item) => [item.itemReference, item.status, item.payout.amount])).toEqual([
      ['item-0', 'pending', 1000n],
      ['item-1', 'scheduled', 2500n],
    ]);
    // A pending item is due for the batch feeder at once (decision 0012), not after the single payout's first check.
    expect(request.create.items[0].payout.nextCheckAt).toEqual(NOW);
    expect(request.create.batch).toMatchObject({ status: 'open', itemCount: 2, totalAmount: 3500n, currency: 'TRY' });
    expect(result.body).toMatchObject({
      status: 'open',
      itemCount: 2,
      totalAmount: '3500',
      counts: { pending: 1, scheduled: 1, succeeded: 0 },
      reference: 'run-1',
    });
  });

  it('lists every problem of every item in item order, storing nothing, with field names of the request', async () => {
    const { requests, execute } = setup();
    const items: BatchItemCandidate[] = [
      candidate(0, {}, 2),
      candidate(1, { amount: '0' }, 3),
      {
        index: 2,
        line: 4,
        itemReference: 'item-2',
        errors: [{ field: 'beneficiary.iban', message: 'is not an IBAN' }],
      },
      candidate(3, { currency: 'EUR' }, 5),
      { ...candidate(4, {}, 6), itemReference: 'item-0' },
      candidate(5, { provider: 'nobody' }, 7),
    ];
    const error = await refusal(
      execute(items, {
        fieldName: (field) => (field === 'beneficiary.iban' ? 'iban' : field),
        requestErrors: [{ field: 'reference', message: 'too long' }],
      }),
    );
    expect(error).toBeInstanceOf(BatchInvalidError);
    expect((error as BatchInvalidError).errors.map((e) => [e.index, e.line, e.field])).toEqual([
      [undefined, undefined, 'reference'],
      [undefined, undefined, 'items'],
      [1, 3, 'amount'],
      [2, 4, 'iban'],
      [3, 5, 'currency'],
      [3, 5, 'currency'],
      [4, 6, 'itemReference'],
      [5, 7, 'provider'],
    ]);
    expect((error as BatchInvalidError).message).toBe('the batch is not valid: 5 invalid items, nothing was stored');
    expect(requests).toEqual([]);
  });

  it('replays the stored answer for the same key and body, even for a body refused now', async () => {
    const stored = { requestHash: 'hash-1', status: 201, body: { id: 'b-1' } };
    const { execute } = setup(stored);
    expect(await execute([candidate(0)])).toEqual({ kind: 'replayed', status: 201, body: { id: 'b-1' } });
    expect(await execute([candidate(0, { amount: '0' })])).toEqual({
      kind: 'replayed',
      status: 201,
      body: { id: 'b-1' },
    });
  });

  it('refuses a used key with another body as idempotency_key_reused, valid or not', async () => {
    const { execute } = setup({ requestHash: 'other', status: 201, body: { id: 'b-1' } });
    for (const items of [[candidate(0)], [candidate(0, { amount: '0' })]]) {
      const error = await refusal(execute(items));
      expect(error).toBeInstanceOf(PayoutError);
      expect((error as PayoutError).code).toBe('idempotency_key_reused');
    }
  });
});
