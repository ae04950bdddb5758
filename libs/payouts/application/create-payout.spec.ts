import { DomainValidationError, ScheduleRefusedError, type ApprovalPolicy, type MinorUnits } from '../domain';
import { ApprovalPolicyCache } from './approval-policy-cache';
import { CreatePayout, type CreatePayoutInput } from './create-payout';
import {
  creationStatusOf,
  type IntakeOutcome,
  type IntakeRequest,
  type PayoutCreation,
  type PayoutIntake,
} from './payout-store.port';
import type { PayoutRecord } from './payout-record';
import { requestHash } from './request-hash';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const DAY = 86_400_000;
const BODY: CreatePayoutInput = {
  amount: '250000',
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
};

/**
 * An intake that creates whatever it is asked to and keeps the request, so a test sees what would be stored. Like
 * create_payout_once it sends `policy` back when the request was decided on another version.
 */
function recordingIntake(policy: ApprovalPolicy = { version: 0, rules: [] }) {
  const requests: IntakeRequest[] = [];
  const creations: PayoutCreation[] = [];
  const intake: PayoutIntake = {
    createOnce: async (request): Promise<IntakeOutcome> => {
      requests.push(request);
      if (!request.create) return { kind: 'absent' };
      if (request.policyVersion !== policy.version) return { kind: 'policy_changed', policy };
      const { payout, describe } = request.create;
      const record: PayoutRecord = {
        id: 'payout-1',
        clientId: payout.clientId,
        status: creationStatusOf(payout),
        version: 1,
        amount: payout.amount,
        currency: payout.currency,
        beneficiary: { name: payout.beneficiary.name, ibanLast4: '7890', bankCode: payout.beneficiary.bankCode },
        customer: payout.customer,
        reference: payout.reference,
        description: payout.description,
        metadata: payout.metadata,
        requestedProvider: payout.requestedProvider,
        provider: null,
        providerReference: null,
        routing: null,
        failure: null,
        nextCheckAt: payout.nextCheckAt,
        needsAttention: false,
        contradiction: false,
        createdAt: payout.createdAt,
        updatedAt: payout.createdAt,
        completedAt: null,
        scheduledFor: payout.scheduledFor,
        approval: payout.approval ?? null,
        batchId: null,
        itemReference: null,
        rail: null,
        expectedCompletionAt: null,
        holdReason: null,
        holdSince: null,
      };
      const creation = describe(record);
      creations.push(creation);
      return { kind: 'created', body: creation.body };
    },
  };
  return { intake, requests, creations };
}

function createPayout(policy?: ApprovalPolicy) {
  const { intake, requests, creations } = recordingIntake(policy);
  const useCase = new CreatePayout(
    intake,
    { now: () => NOW },
    {
      knownProviders: ['sipay'],
      acceptance: { refusals: () => [] },
      firstCheckAfterMs: 30_000,
      scheduleMaxAheadMs: 90 * DAY,
      policies: new ApprovalPolicyCache(),
      approvalTimeoutMs: 3 * DAY,
    },
  );
  const create = (input: CreatePayoutInput) =>
    useCase.execute({ clientId: 'client-1', idempotencyKey: 'key-1', requestHash: requestHash(input), input });
  return { create, requests, creations };
}

describe('CreatePayout with scheduledFor', () => {
  it('creates a payout scheduled until its release time, with no dispatch job', async () => {
    const { create, requests, creations } = createPayout();
    const result = await create({ ...BODY, scheduledFor: '2026-12-05T09:00:00+03:00' });

    const created = requests[0].create;
    expect(created?.payout).toMatchObject({
      scheduledFor: new Date('2026-12-05T06:00:00.000Z'),
      nextCheckAt: new Date('2026-12-05T06:00:00.000Z'),
    });
    expect(result.body).toMatchObject({
      status: 'scheduled',
      scheduledFor: '2026-12-05T06:00:00.000Z',
      nextCheckAt: '2026-12-05T06:00:00.000Z',
    });
    expect(creations[0].messages.map((message) => message.jobName)).toEqual(['payout-status-changed']);
    expect(creations[0].event.detail).toContain('scheduled');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['now', NOW.toISOString()],
    ['in the past', '2026-12-01T00:00:00Z'],
  ])('creates a pending payout with a dispatch job when scheduledFor is %s', async (_what, scheduledFor) => {
    const { create, requests, creations } = createPayout();
    const result = await create({ ...BODY, ...(scheduledFor === undefined ? {} : { scheduledFor }) });

    expect(requests.at(-1)?.create?.payout).toMatchObject({
      scheduledFor: null,
      nextCheckAt: new Date(NOW.getTime() + 30_000),
    });
    expect(result.body).toMatchObject({ status: 'pending', scheduledFor: null });
    expect(creations[0].messages.map((message) => message.jobName)).toEqual([
      'dispatch-payout',
      'payout-status-changed',
    ]);
  });

  it.each([
    ['without an offset', '2026-12-05T09:00:00'],
    ['not a date', 'next friday'],
    ['a number', 1796760000000],
    ['more than 90 days ahead', new Date(NOW.getTime() + 91 * DAY).toISOString()],
  ])('refuses a scheduledFor %s with 422 naming it, storing nothing', async (_what, scheduledFor) => {
    const { create, requests } = createPayout();
    const refusal = await create({ ...BODY, scheduledFor }).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ScheduleRefusedError);
    expect((refusal as ScheduleRefusedError).httpStatus).toBe(422);
    expect((refusal as ScheduleRefusedError).errors).toEqual([expect.objectContaining({ field: 'scheduledFor' })]);
    expect(requests).toHaveLength(1);
    expect(requests[0].create).toBeNull();
  });

  it('lists a bad scheduledFor beside the other field problems (400)', async () => {
    const { create } = createPayout();
    const refusal = await create({ ...BODY, amount: '0', scheduledFor: 'soon' }).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(DomainValidationError);
    expect(refusal).not.toBeInstanceOf(ScheduleRefusedError);
    expect((refusal as DomainValidationError).errors.map((error) => error.field)).toEqual(['amount', 'scheduledFor']);
  });
});

describe('the request hash of a body without scheduledFor', () => {
  it('is what it was before scheduledFor existed, so keys stored earlier still replay', () => {
    // The hash main computed for this body before scheduledFor existed: absent fields stay out of the canonical JSON.
    const before = 'eb384bb67eda305f32a8703bda208187b36bd802cf3eb663bcfe89b050bc7fc9';
    expect(requestHash(BODY)).toBe(before);
    expect(requestHash({ ...BODY, scheduledFor: undefined })).toBe(before);
    expect(requestHash({ ...BODY, scheduledFor: '2026-12-05T09:00:00+03:00' })).not.toBe(requestHash(BODY));
  });
});

describe('CreatePayout with an approval policy', () => {
  const policy: ApprovalPolicy = {
    version: 4,
    rules: [{ minAmount: 250000n as MinorUnits, currency: 'TRY', approvals: 2 }],
  };

  it('creates a payout at the threshold awaiting approval, with no dispatch job, due at its approval deadline', async () => {
    const { create, requests, creations } = createPayout(policy);
    const result = await create({ ...BODY, scheduledFor: '2026-12-05T09:00:00+03:00' });
    // The first try knew no policy: the intake sent version 4 back and the second try was decided on it.
    expect(requests.map((request) => request.policyVersion)).toEqual([-1, 4]);
    const expiresAt = new Date(NOW.getTime() + 3 * DAY);
    expect(requests[1].create?.payout).toMatchObject({
      nextCheckAt: expiresAt,
      approval: { policyVersion: 4, required: 2, expiresAt: expiresAt.toISOString(), approvals: [] },
    });
    expect(result.body).toMatchObject({ status: 'awaiting_approval', scheduledFor: '2026-12-05T06:00:00.000Z' });
    expect(creations[0].messages.map((message) => message.jobName)).toEqual(['payout-status-changed']);
  });

  it('creates a payout below the threshold pending with its dispatch job, approval null', async () => {
    const { create, creations } = createPayout(policy);
    const result = await create({ ...BODY, amount: '249999' });
    expect(result.body).toMatchObject({ status: 'pending', approval: null });
    expect(creations[0].messages.map((message) => message.jobName)).toEqual([
      'dispatch-payout',
      'payout-status-changed',
    ]);
  });
});
