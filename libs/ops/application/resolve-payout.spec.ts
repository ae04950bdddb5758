import {
  PayoutChangedError,
  type PayoutStore,
  type TransitionPayout,
  type TransitionResult,
} from '@libs/payouts/application';
import { applySignal, DomainValidationError, PayoutError, type PayoutSignal } from '@libs/payouts/domain';
import type { AuditLogEntry } from '@libs/clients';
import { opsRow } from '@test/support/ops/ops.test-data';
import { ResolvePayout } from './resolve-payout';

const NOW = new Date('2026-01-01T12:00:00Z');
const actor = { id: '0193a1b2-0000-7000-8000-00000000000a', name: 'on-call' };

function setup(status: 'manual_review' | 'processing' | 'succeeded' | 'pending', statusAtLock = status) {
  const payout = opsRow({ status }).payout;
  const audits: AuditLogEntry[] = [];
  const applied: { signal: PayoutSignal; options: unknown }[] = [];
  const store = { payouts: { find: async () => payout } } as unknown as PayoutStore;
  const transition = {
    apply: async (_id: string, signal: PayoutSignal, options: { audit?: AuditLogEntry }) => {
      applied.push({ signal, options });
      if (options.audit) audits.push(options.audit);
      const decision = applySignal({ status: statusAtLock, version: payout.version }, signal, NOW);
      const after =
        decision.kind === 'applied' ? { ...payout, status: decision.to, version: decision.version } : payout;
      return { decision, payout: after } as unknown as TransitionResult;
    },
  } as unknown as TransitionPayout;
  const resolve = new ResolvePayout(
    store,
    transition,
    { write: async (entry) => void audits.push(entry) },
    { now: () => NOW },
  );
  return { resolve, audits, applied, payout };
}

describe('ResolvePayout', () => {
  it('moves the payout through the state machine as ops:<client id> and audits actor, reason and evidence', async () => {
    const { resolve, audits, applied } = setup('manual_review');
    const view = await resolve.execute(
      opsRow().payout.id,
      { status: 'failed', reason: ' rejected by Sipay ops ', evidence: 'ticket 4411', failureCode: 'bank_rejected' },
      actor,
    );
    expect(view.status).toBe('failed');
    expect(applied[0].signal).toEqual({
      to: 'failed',
      source: `ops:${actor.id}`,
      failure: { code: 'bank_rejected', message: 'rejected by Sipay ops' },
      evidence: { resolvedBy: actor.id, reason: 'rejected by Sipay ops', evidence: 'ticket 4411' },
    });
    expect(audits).toEqual([
      {
        actorClientId: actor.id,
        action: 'payout.resolve',
        subjectType: 'payout',
        subjectId: opsRow().payout.id,
        reason: 'rejected by Sipay ops',
        details: { evidence: 'ticket 4411', status: 'failed', from: 'manual_review', failureCode: 'bank_rejected' },
      },
    ]);
  });

  it('fails with provider_rejected when no failure code is given, and succeeds without one', async () => {
    const failed = setup('processing');
    await failed.resolve.execute(opsRow().payout.id, { status: 'failed', reason: 'r', evidence: 'e' }, actor);
    expect(failed.applied[0].signal.failure).toEqual({ code: 'provider_rejected', message: 'r' });
    const succeeded = setup('processing');
    await succeeded.resolve.execute(opsRow().payout.id, { status: 'succeeded', reason: 'r', evidence: 'e' }, actor);
    expect(succeeded.applied[0].signal).not.toHaveProperty('failure');
  });

  it('names every missing or wrong field', async () => {
    const { resolve, applied } = setup('manual_review');
    const error = await resolve
      .execute(opsRow().payout.id, { status: 'paid', reason: '  ', evidence: undefined, failureCode: 'nope' }, actor)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainValidationError);
    expect((error as DomainValidationError).errors.map((e) => e.field)).toEqual([
      'status',
      'reason',
      'evidence',
      'failureCode',
    ]);
    expect(applied).toHaveLength(0);
  });

  it.each(['succeeded', 'pending'] as const)(
    'refuses a payout in %s with invalid_state, and audits the refusal',
    async (status) => {
      const { resolve, audits, applied } = setup(status);
      const error = await resolve
        .execute(opsRow().payout.id, { status: 'failed', reason: 'r', evidence: 'e' }, actor)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PayoutError);
      expect((error as PayoutError).code).toBe('invalid_state');
      expect(applied).toHaveLength(0);
      expect(audits[0]).toMatchObject({
        action: 'payout.resolve',
        details: { refused: 'invalid_state', from: status },
      });
    },
  );

  it('answers invalid_state when a webhook settled the payout between the read and the row lock', async () => {
    const { resolve, audits } = setup('processing', 'succeeded');
    const error = await resolve
      .execute(opsRow().payout.id, { status: 'succeeded', reason: 'r', evidence: 'e' }, actor)
      .catch((e: unknown) => e);
    expect((error as PayoutError).code).toBe('invalid_state');
    expect(audits).toHaveLength(1); // written with the (not applied) decision, in its transaction
  });

  it('answers not_found for an unknown payout', async () => {
    const store = { payouts: { find: async () => undefined } } as unknown as PayoutStore;
    const resolve = new ResolvePayout(
      store,
      {} as TransitionPayout,
      { write: async () => undefined },
      { now: () => NOW },
    );
    const error = await resolve.execute('x', { status: 'failed', reason: 'r', evidence: 'e' }, actor).catch((e) => e);
    expect((error as PayoutError).code).toBe('not_found');
  });

  it('writes nothing, not even an audit row, when the payout moved past the version the person reviewed', async () => {
    const { resolve, audits, applied, payout } = setup('manual_review');
    const error = await resolve
      .execute(payout.id, { status: 'succeeded', reason: 'r', evidence: 'e' }, actor, {
        expectedVersion: payout.version - 1,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayoutChangedError);
    expect(applied).toEqual([]);
    expect(audits).toEqual([]);
  });

  it('hands the reviewed version to the transition, which checks it again under the row lock', async () => {
    const { resolve, applied, payout } = setup('manual_review');
    await resolve.execute(payout.id, { status: 'succeeded', reason: 'r', evidence: 'e' }, actor, {
      expectedVersion: payout.version,
    });
    expect(applied[0].options).toMatchObject({ expectedVersion: payout.version });
  });
});
