import type { AuditLogEntry } from '@libs/clients';
import type { MinorUnits } from '../domain';
import type { OutboxMessage } from './outbox-message';
import type { AttemptRecord, PayoutEventRecord, PayoutRecord } from './payout-record';
import type { PayoutStore, TransitionWrite, UnitOfWork } from './payout-store.port';
import { TransitionPayout } from './transition-payout';

const NOW = new Date('2026-05-26T10:00:00Z');
const EARLIER = new Date('2026-05-26T09:00:00Z');

/** Just enough of a store for TransitionPayout; the Postgres behaviour (locks, rollback) is tested in test/integration. */
function memoryStore(initial: PayoutRecord) {
  let payout = { ...initial };
  const events: PayoutEventRecord[] = [];
  const outbox: OutboxMessage[] = [];
  const audits: AuditLogEntry[] = [];
  const attempts: AttemptRecord[] = [];
  const settled: { batchId: string; now: Date; openStatuses: readonly string[] }[] = [];
  const attempt = (fields: Partial<AttemptRecord>): AttemptRecord => ({
    id: 'attempt-1',
    payoutId: payout.id,
    provider: 'sipay',
    reference: 'ref-1',
    providerId: null,
    status: 'submitting',
    failure: null,
    lastRawAnswer: null,
    pollCount: 0,
    lastPolledAt: null,
    sendCount: 0,
    ambiguousSince: null,
    lastSentAt: null,
    submittedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...fields,
  });
  const store = {
    payouts: {
      find: async (id: string) => (id === payout.id ? { ...payout } : undefined),
      save: async (_id: string, change: Record<string, unknown>) => {
        const { expectedVersion: _expected, moneyMovement, ...fields } = change;
        payout = { ...payout, ...fields, ...(moneyMovement as object | undefined) };
      },
    },
    attempts: {
      insert: async (fields: Partial<AttemptRecord>) => attempts[attempts.push(attempt(fields)) - 1],
      update: async (id: string, change: Partial<AttemptRecord>) => {
        const index = attempts.findIndex((a) => a.id === id);
        const updated = attempt({ ...(index >= 0 ? attempts[index] : {}), id, ...change });
        if (index >= 0) attempts[index] = updated;
        return updated;
      },
      find: async (id: string) => attempts.find((a) => a.id === id),
      releaseUnsentFirstClaim: async (id: string) => {
        const index = attempts.findIndex((a) => a.id === id && a.sendCount === 1 && a.status === 'submitting');
        if (index < 0) return false;
        attempts[index] = { ...attempts[index], sendCount: 0, ambiguousSince: null, lastSentAt: null };
        return true;
      },
      listForPayout: async () => [...attempts],
    },
    events: {
      append: async (event: Omit<PayoutEventRecord, 'id'>) =>
        events[events.push({ ...event, id: String(events.length + 1) }) - 1],
    },
    outbox: { add: async (messages: OutboxMessage[]) => void outbox.push(...messages) },
    audit: { write: async (entry: AuditLogEntry) => void audits.push(entry) },
    transitions: {
      settleBatchItem: async (batchId: string, now: Date, openStatuses: readonly string[]) => {
        settled.push({ batchId, now, openStatuses });
        return 'open';
      },
      lock: async (id: string) =>
        id === payout.id ? { payout: { ...payout }, attempts: attempts.map((a) => ({ ...a })) } : undefined,
      // What the Postgres function writes, one row at a time through the fakes above.
      write: async (write: TransitionWrite) => {
        let written: AttemptRecord | undefined;
        if (write.attemptUpdate) {
          const { attemptId, ...change } = write.attemptUpdate;
          written = await store.attempts.update(attemptId, change, write.now);
        }
        if (write.newAttempt)
          written = await store.attempts.insert({ ...write.newAttempt, payoutId: payout.id }, write.now);
        if (write.payoutChange) await store.payouts.save(payout.id, write.payoutChange);
        const after = { ...payout };
        const event = await store.events.append({
          ...write.event,
          payoutId: payout.id,
          clientId: payout.clientId,
          snapshot: write.snapshot ? write.snapshot(after) : null,
          createdAt: write.now,
        });
        const withId = write.eventMessages.map((m) => ({ ...m, payload: { ...m.payload, eventId: event.id } }));
        const messages = [...withId, ...write.messages];
        if (messages.length > 0) await store.outbox.add(messages);
        if (write.audit) await store.audit.write(write.audit, write.now);
        return { payout: after, event, ...(written ? { attempt: written } : {}) };
      },
    },
  } as unknown as PayoutStore;
  const unitOfWork: UnitOfWork = { run: (work) => work(store) };
  return { unitOfWork, events, outbox, audits, attempts, settled, current: () => payout };
}

const payoutIn = (status: PayoutRecord['status'], version = 2): PayoutRecord => ({
  id: 'p-1',
  clientId: 'c-1',
  status,
  version,
  amount: 1000n as MinorUnits,
  currency: 'TRY',
  beneficiary: { name: 'Ayşe Demir', ibanLast4: '7890', bankCode: '00100' },
  customer: null,
  reference: null,
  description: null,
  metadata: {},
  requestedProvider: null,
  provider: 'sipay',
  providerReference: null,
  routing: null,
  failure: null,
  nextCheckAt: EARLIER,
  needsAttention: false,
  contradiction: false,
  createdAt: EARLIER,
  updatedAt: EARLIER,
  completedAt: null,
  scheduledFor: null,
  approval: null,
  batchId: null,
  itemReference: null,
  rail: null,
  expectedCompletionAt: null,
  holdReason: null,
  holdSince: null,
});

describe('TransitionPayout', () => {
  const transitionOver = (memory: ReturnType<typeof memoryStore>) =>
    new TransitionPayout(memory.unitOfWork, { now: () => NOW });

  it('applies an edge: bumps the version, appends the event with a snapshot, notifies the client and adds the caller’s jobs', async () => {
    const memory = memoryStore(payoutIn('processing'));
    const extra: OutboxMessage = { queue: 'reconciliation', jobName: 'x', payload: { payoutId: 'p-1' } };
    const result = await transitionOver(memory).apply(
      'p-1',
      { to: 'succeeded', source: 'webhook:sipay' },
      { extraOutbox: [extra], actor: 'sipay' },
    );
    expect(result.decision.kind).toBe('applied');
    expect(memory.current()).toMatchObject({
      status: 'succeeded',
      version: 3,
      updatedAt: NOW,
      completedAt: NOW,
      nextCheckAt: null,
    });
    expect(memory.events).toEqual([
      expect.objectContaining({
        version: 3,
        from: 'processing',
        to: 'succeeded',
        applied: true,
        reason: 'transition',
        actor: 'sipay',
      }),
    ]);
    expect(memory.events[0].snapshot).toMatchObject({ status: 'succeeded', version: 3 });
    expect(memory.outbox).toEqual([
      {
        queue: 'notifications',
        jobName: 'payout-status-changed',
        payload: { payoutId: 'p-1', clientId: 'c-1', eventId: '1', version: 3, status: 'succeeded' },
        forCallbackClient: 'c-1',
      },
      extra,
    ]);
  });

  it('observes time to final once a first final status commits, never for a later one, a refusal or a rollback', async () => {
    const observed: [string, string, number][] = [];
    const metrics = {
      reachedFinal: (provider: string, status: string, seconds: number) =>
        void observed.push([provider, status, seconds]),
    };
    const memory = memoryStore(payoutIn('processing'));
    const transition = new TransitionPayout(memory.unitOfWork, { now: () => NOW }, metrics);
    await transition.apply('p-1', { to: 'succeeded', source: 'webhook:sipay' });
    await transition.apply('p-1', { to: 'succeeded', source: 'poll:sipay' });
    await transition.apply('p-1', { to: 'returned', source: 'webhook:sipay' });
    expect(observed).toEqual([['sipay', 'succeeded', 3600]]);

    const unrouted = memoryStore({ ...payoutIn('pending'), provider: null });
    await new TransitionPayout(unrouted.unitOfWork, { now: () => NOW }, metrics).within(async ({ decide }) =>
      decide('p-1', async () => ({ signal: { to: 'failed', source: 'dispatch' } })),
    ); // refused: pending -> failed needs no_route
    expect(observed).toHaveLength(1);
    await new TransitionPayout(unrouted.unitOfWork, { now: () => NOW }, metrics).within(async ({ decide }) =>
      decide('p-1', async () => ({
        signal: { to: 'failed', source: 'dispatch', failure: { code: 'no_route', message: 'no provider' } },
      })),
    );
    expect(observed).toEqual([
      ['sipay', 'succeeded', 3600],
      ['none', 'failed', 3600],
    ]);

    const failing: UnitOfWork = {
      run: async (work) => {
        const store = memoryStore(payoutIn('processing'));
        await store.unitOfWork.run(work);
        throw new Error('commit failed');
      },
    };
    await expect(
      new TransitionPayout(failing, { now: () => NOW }, metrics).apply('p-1', {
        to: 'failed',
        source: 'webhook:sipay',
      }),
    ).rejects.toThrow('commit failed');
    expect(observed).toHaveLength(2);
  });

  it("settles a batch item's batch in the transaction of its first final status only (decision 0012)", async () => {
    const item = memoryStore({ ...payoutIn('processing'), batchId: 'b-1', itemReference: 'row-1' });
    await transitionOver(item).apply('p-1', { to: 'processing', source: 'poll:sipay' });
    expect(item.settled).toEqual([]);
    await transitionOver(item).apply('p-1', { to: 'succeeded', source: 'webhook:sipay' });
    expect(item.settled).toEqual([
      {
        batchId: 'b-1',
        now: NOW,
        openStatuses: ['awaiting_approval', 'scheduled', 'pending', 'submitting', 'processing', 'manual_review'],
      },
    ]);
    // A later return is not a first final status: the batch is not settled again (it never reopens).
    await transitionOver(item).apply('p-1', { to: 'returned', source: 'webhook:sipay' });
    expect(item.settled).toHaveLength(1);

    const single = memoryStore(payoutIn('processing'));
    await transitionOver(single).apply('p-1', { to: 'succeeded', source: 'webhook:sipay' });
    expect(single.settled).toEqual([]);
  });

  it('makes a "stay where you are" signal from the locked row, so a stale read cannot move the payout back', async () => {
    // Read as submitting by a poller; a failover committed pending (v3) before the poller's transaction locked the row.
    const memory = memoryStore(payoutIn('pending', 3));
    const seen: string[] = [];
    const result = await transitionOver(memory).apply(
      'p-1',
      (current) => {
        seen.push(current.status);
        return { to: current.status, source: 'poll:sipay' };
      },
      { needsAttention: true },
    );
    expect(seen).toEqual(['pending']);
    expect(result.decision).toMatchObject({ kind: 'ignored', reason: 'duplicate', from: 'pending', to: 'pending' });
    expect(memory.current()).toMatchObject({ status: 'pending', version: 3, needsAttention: true });
    expect(memory.outbox).toEqual([]);
  });

  it('writes nothing and throws PayoutChangedError when the payout is no longer at the expected version', async () => {
    const memory = memoryStore(payoutIn('pending', 3));
    await expect(
      transitionOver(memory).apply(
        'p-1',
        { to: 'submitting', source: 'poll:none' },
        { expectedVersion: 2, needsAttention: true },
      ),
    ).rejects.toMatchObject({ name: 'PayoutChangedError', expectedVersion: 2, actualVersion: 3 });
    expect(memory.current()).toMatchObject({ status: 'pending', version: 3, needsAttention: false });
    expect(memory.events).toEqual([]);
    expect(memory.outbox).toEqual([]);
  });

  it('records a refused signal without touching the status or enqueueing anything, but keeps the attempt evidence', async () => {
    const memory = memoryStore(payoutIn('processing'));
    await memory.unitOfWork.run((store) =>
      store.attempts.insert({ payoutId: 'p-1', provider: 'sipay', reference: 'ref-1', status: 'accepted' }, NOW),
    );
    const result = await transitionOver(memory).apply(
      'p-1',
      { to: 'pending', source: 'poll:sipay' },
      {
        attemptUpdate: { attemptId: 'attempt-1', providerId: '2505267108142371608' },
        newAttempt: { provider: 'sipay', reference: 'ref-2' },
        extraOutbox: [{ queue: 'dispatch', jobName: 'dispatch-payout', payload: {} }],
      },
    );
    expect(result.decision.kind).not.toBe('applied');
    expect(result.attempt).toMatchObject({ providerId: '2505267108142371608' });
    expect(memory.attempts.map((a) => a.id)).toEqual(['attempt-1']);
    expect(memory.current()).toMatchObject({ status: 'processing', version: 2, updatedAt: EARLIER });
    expect(memory.events).toEqual([expect.objectContaining({ applied: false, version: 2, snapshot: null })]);
    expect(memory.outbox).toEqual([]);
  });

  it('sets the failure when a payout fails and keeps scheduling only while it is in flight', async () => {
    const memory = memoryStore(payoutIn('submitting'));
    const failure = { code: 'bank_rejected' as const, message: 'rejected', providerCode: '2' };
    await transitionOver(memory).apply('p-1', { to: 'failed', source: 'poll:sipay', failure }, { nextCheckAt: NOW });
    expect(memory.current()).toMatchObject({ status: 'failed', failure, nextCheckAt: null, completedAt: NOW });

    const inFlight = memoryStore(payoutIn('submitting'));
    const next = new Date('2026-05-26T10:05:00Z');
    await transitionOver(inFlight).apply('p-1', { to: 'processing', source: 'dispatch' }, { nextCheckAt: next });
    expect(inFlight.current()).toMatchObject({ status: 'processing', nextCheckAt: next, completedAt: null });
  });

  it('moves only the schedule on a duplicate, without a visible update', async () => {
    const memory = memoryStore(payoutIn('processing'));
    const next = new Date('2026-05-26T11:00:00Z');
    await transitionOver(memory).apply('p-1', { to: 'processing', source: 'poll:sipay' }, { nextCheckAt: next });
    expect(memory.current()).toMatchObject({ version: 2, nextCheckAt: next, updatedAt: EARLIER });
  });

  it('flags a contradiction for ops and writes the audit entry whatever the decision', async () => {
    const memory = memoryStore(payoutIn('succeeded'));
    const audit = {
      actorClientId: 'ops-1',
      action: 'payout.resolve',
      subjectType: 'payout',
      subjectId: 'p-1',
      reason: 'bank said so',
    };
    const result = await transitionOver(memory).apply('p-1', { to: 'failed', source: 'ops:ops-1' }, { audit });
    expect(result.decision).toMatchObject({ kind: 'refused', reason: 'contradiction' });
    expect(memory.current()).toMatchObject({
      status: 'succeeded',
      version: 2,
      contradiction: true,
      needsAttention: true,
    });
    expect(memory.audits).toEqual([audit]);
  });

  it('keeps the ops flag of a contradiction through later duplicates and settling changes', async () => {
    const memory = memoryStore({ ...payoutIn('succeeded'), contradiction: true, needsAttention: true });
    await transitionOver(memory).apply('p-1', { to: 'succeeded', source: 'webhook:sipay' });
    expect(memory.current()).toMatchObject({ needsAttention: true, contradiction: true });
    await transitionOver(memory).apply('p-1', { to: 'returned', source: 'webhook:sipay' });
    expect(memory.current()).toMatchObject({ status: 'returned', needsAttention: true });

    const exhausted = memoryStore({ ...payoutIn('processing'), needsAttention: true });
    await transitionOver(exhausted).apply('p-1', { to: 'processing', source: 'poll:sipay' });
    expect(exhausted.current().needsAttention).toBe(true);
    await transitionOver(exhausted).apply('p-1', { to: 'succeeded', source: 'webhook:sipay' });
    expect(exhausted.current().needsAttention).toBe(false);
  });

  it('flags a contradiction the caller found outside the state machine, without moving the payout', async () => {
    const memory = memoryStore(payoutIn('processing'));
    const result = await transitionOver(memory).apply(
      'p-1',
      { to: 'processing', source: 'webhook:sipay', evidence: { claimed: 'succeeded' } },
      { contradiction: true },
    );
    expect(result.decision).toMatchObject({ kind: 'ignored' });
    expect(memory.current()).toMatchObject({ status: 'processing', contradiction: true, needsAttention: true });
  });

  it('moves an attempt only forward: a late "accepted" does not undo "completed", but its evidence is kept', async () => {
    const memory = memoryStore(payoutIn('succeeded'));
    await memory.unitOfWork.run((store) =>
      store.attempts.insert({ payoutId: 'p-1', provider: 'sipay', reference: 'ref-1', status: 'completed' }, NOW),
    );
    const result = await transitionOver(memory).apply(
      'p-1',
      { to: 'processing', source: 'dispatch' },
      { attemptUpdate: { attemptId: 'attempt-1', status: 'accepted', providerId: 'w-1' } },
    );
    expect(result.attempt).toMatchObject({ status: 'completed', providerId: 'w-1' });
  });

  describe('attempt rules under the lock (invariants 2a, 2b, 2c)', () => {
    const failure = { code: 'provider_unavailable' as const, message: 'invalid api key', providerCode: 'http_401' };
    const withAttempt = async (status: PayoutRecord['status'], fields: Partial<AttemptRecord>) => {
      const memory = memoryStore(payoutIn(status));
      await memory.unitOfWork.run((store) =>
        store.attempts.insert({ payoutId: 'p-1', provider: 'pientegra', reference: 'ref-1' }, NOW),
      );
      Object.assign(memory.attempts[0], fields);
      return memory;
    };
    const reject = { attemptId: 'attempt-1', status: 'rejected' as const, failure };

    // Failed on f689337: a 401 on the resend of a timed-out create failed the payout over (paid twice).
    it('refuses a failover whose refusal answered a resend: attempt and payout stay, the refusal is recorded', async () => {
      const memory = await withAttempt('submitting', { sendCount: 2, ambiguousSince: EARLIER });
      const result = await transitionOver(memory).apply(
        'p-1',
        { to: 'pending', source: 'dispatch', failover: true },
        { attemptUpdate: reject, notExecutedProof: { kind: 'refusal', sendNumber: 2 }, extraOutbox: [] },
      );
      expect(result.decision).toMatchObject({ kind: 'refused', reason: 'not_proven' });
      expect(memory.current()).toMatchObject({ status: 'submitting', version: 2 });
      expect(memory.attempts[0]).toMatchObject({ status: 'submitting', failure: null });
      expect(memory.events).toEqual([expect.objectContaining({ applied: false, reason: 'not_proven' })]);
      expect(memory.outbox).toEqual([]);
    });

    it('refuses the first call’s refusal once another call of the attempt has begun, and any rejection without proof', async () => {
      const raced = await withAttempt('submitting', { sendCount: 2 });
      const signal = { to: 'failed' as const, source: 'dispatch', failure };
      const proof = { kind: 'refusal' as const, sendNumber: 1 };
      const first = await transitionOver(raced).apply('p-1', signal, {
        attemptUpdate: reject,
        notExecutedProof: proof,
      });
      expect(first.decision).toMatchObject({ kind: 'refused', reason: 'not_proven' });
      const unproven = await withAttempt('submitting', { sendCount: 1 });
      const second = await transitionOver(unproven).apply('p-1', signal, { attemptUpdate: reject });
      expect(second.decision).toMatchObject({ kind: 'refused', reason: 'not_proven' });
    });

    it('gives back a claim made with the attempt whose send let nothing out, so "never sent" proves it', async () => {
      // Dispatch claims call 1 in the transaction that commits the attempt; then our circuit stopped the send.
      const memory = await withAttempt('submitting', { sendCount: 1, ambiguousSince: NOW, lastSentAt: NOW });
      const signal = { to: 'pending' as const, source: 'dispatch', failover: true };
      const neverSent = { attemptUpdate: reject, notExecutedProof: { kind: 'never_sent' as const } };
      const unreleased = await transitionOver(memory).apply('p-1', signal, neverSent);
      expect(unreleased.decision).toMatchObject({ kind: 'refused', reason: 'not_proven' });
      const result = await transitionOver(memory).apply('p-1', signal, { ...neverSent, unsentClaimOf: 'attempt-1' });
      expect(result.decision.kind).toBe('applied');
      expect(memory.attempts[0]).toMatchObject({ status: 'rejected', sendCount: 0, ambiguousSince: null });
    });

    it('gives nothing back once another call of the attempt was claimed', async () => {
      const memory = await withAttempt('submitting', { sendCount: 2, ambiguousSince: EARLIER });
      const result = await transitionOver(memory).apply(
        'p-1',
        { to: 'pending', source: 'dispatch', failover: true },
        { attemptUpdate: reject, notExecutedProof: { kind: 'never_sent' }, unsentClaimOf: 'attempt-1' },
      );
      expect(result.decision).toMatchObject({ kind: 'refused', reason: 'not_proven' });
      expect(memory.attempts[0]).toMatchObject({ status: 'submitting', sendCount: 2 });
    });

    it('applies the refusal of the first and only call', async () => {
      const memory = await withAttempt('submitting', { sendCount: 1, ambiguousSince: NOW });
      const result = await transitionOver(memory).apply(
        'p-1',
        { to: 'failed', source: 'dispatch', failure },
        { attemptUpdate: reject, notExecutedProof: { kind: 'refusal', sendNumber: 1 } },
      );
      expect(result.decision.kind).toBe('applied');
      expect(memory.attempts[0]).toMatchObject({ status: 'rejected', failure });
    });

    it('records, never applies, a failure about a superseded attempt while the payout is on a new one', async () => {
      const memory = await withAttempt('submitting', { status: 'rejected' });
      const result = await transitionOver(memory).apply(
        'p-1',
        { to: 'failed', source: 'webhook:pientegra', failure },
        { attemptUpdate: { attemptId: 'attempt-1', status: 'completed' } },
      );
      expect(result.decision).toMatchObject({ kind: 'refused', reason: 'superseded_attempt', contradiction: false });
      expect(memory.current()).toMatchObject({ status: 'submitting', contradiction: false, needsAttention: false });
      expect(memory.attempts[0].status).toBe('rejected');
    });

    it('flags a success of a superseded attempt as a contradiction and tells the client once', async () => {
      const memory = await withAttempt('processing', { status: 'rejected' });
      const success = { to: 'succeeded' as const, source: 'webhook:pientegra' };
      const options = { attemptUpdate: { attemptId: 'attempt-1', status: 'completed' as const } };
      await transitionOver(memory).apply('p-1', success, options);
      await transitionOver(memory).apply('p-1', success, options);
      expect(memory.current()).toMatchObject({ status: 'processing', contradiction: true, needsAttention: true });
      expect(memory.outbox).toEqual([
        expect.objectContaining({
          jobName: 'payout-contradiction',
          payload: expect.objectContaining({ payoutId: 'p-1' }),
        }),
      ]);
    });

    // Failed on b556442: it also queued payout.contradiction, keyed by the status change's event, which the
    // notifications feed never marks (a second delivery for one event).
    it('tells of a contradiction found with an applied change only through that change’s own notification', async () => {
      const memory = memoryStore(payoutIn('processing'));
      await transitionOver(memory).apply('p-1', { to: 'succeeded', source: 'webhook:sipay' }, { contradiction: true });
      expect(memory.current()).toMatchObject({ status: 'succeeded', contradiction: true, needsAttention: true });
      expect(memory.outbox.map((message) => message.jobName)).toEqual(['payout-status-changed']);
      expect(memory.events).toEqual([expect.objectContaining({ applied: true, flagsContradiction: false })]);
    });

    it('lets ops settle whatever the attempt says', async () => {
      const memory = await withAttempt('submitting', { sendCount: 3 });
      const result = await transitionOver(memory).apply(
        'p-1',
        { to: 'failed', source: 'ops:alice', failure },
        { attemptUpdate: reject },
      );
      expect(result.decision.kind).toBe('applied');
    });
  });

  it('writes rail, hold, completion and release time with an applied decision only (money-movement.md)', async () => {
    const opensAt = new Date('2026-12-07T05:30:00Z');
    const moneyMovement = {
      rail: 'eft' as const,
      holdReason: 'rail_closed' as const,
      scheduledFor: opensAt,
      expectedCompletionAt: new Date('2026-12-07T06:30:00Z'),
    };
    const held = memoryStore({ ...payoutIn('pending'), provider: null });
    const result = await transitionOver(held).apply(
      'p-1',
      { to: 'scheduled', source: 'dispatch' },
      { nextCheckAt: opensAt, moneyMovement },
    );
    expect(result.decision.kind).toBe('applied');
    expect(held.current()).toMatchObject({ status: 'scheduled', nextCheckAt: opensAt, ...moneyMovement });
    expect(held.events[0].snapshot).toMatchObject({ rail: 'eft', holdReason: 'rail_closed' });

    const refused = memoryStore(payoutIn('processing'));
    await transitionOver(refused).apply('p-1', { to: 'scheduled', source: 'dispatch' }, { moneyMovement });
    expect(refused.current()).toMatchObject({ status: 'processing', rail: null, holdReason: null });
  });

  it('clears the expected completion of a payout that enters manual review, whoever moved it there', async () => {
    const memory = memoryStore({ ...payoutIn('processing'), rail: 'fast', expectedCompletionAt: NOW });
    await transitionOver(memory).apply('p-1', { to: 'manual_review', source: 'poll:sipay' });
    expect(memory.current()).toMatchObject({ status: 'manual_review', rail: 'fast', expectedCompletionAt: null });
  });

  it('asks ExpectedCompletion on an acceptance from any source, with the payout’s rail; a caller’s value wins', async () => {
    const asked: unknown[] = [];
    const expected = new Date('2026-05-26T10:01:00Z');
    const completion = {
      onAcceptance: async (...args: unknown[]) => (asked.push(args), expected),
    };
    const submitting = () => memoryStore({ ...payoutIn('submitting'), rail: 'fast' });
    const over = (memory: ReturnType<typeof memoryStore>) =>
      new TransitionPayout(memory.unitOfWork, { now: () => NOW }, undefined, completion);

    const byWebhook = submitting();
    await over(byWebhook).apply('p-1', { to: 'processing', source: 'webhook:sipay' });
    expect(byWebhook.current().expectedCompletionAt).toEqual(expected);
    expect(asked).toEqual([['fast', 'processing', NOW]]);

    const given = new Date('2026-05-27T00:00:00Z');
    const byDispatch = submitting();
    await over(byDispatch).apply(
      'p-1',
      { to: 'succeeded', source: 'dispatch' },
      { moneyMovement: { expectedCompletionAt: given } },
    );
    expect(byDispatch.current().expectedCompletionAt).toEqual(given);

    // Not an acceptance (a later move, a refusal): not asked.
    await over(memoryStore(payoutIn('processing'))).apply('p-1', { to: 'succeeded', source: 'poll:sipay' });
    await over(submitting()).apply('p-1', { to: 'pending', source: 'dispatch' });
    expect(asked).toHaveLength(1);
  });

  it('answers not_found for a payout that does not exist', async () => {
    const memory = memoryStore(payoutIn('pending'));
    await expect(transitionOver(memory).apply('nope', { to: 'canceled', source: 'api' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
