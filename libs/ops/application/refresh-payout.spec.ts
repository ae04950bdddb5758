import type { PayoutRecord, PayoutStore, TransitionResult } from '@libs/payouts/application';
import { PayoutError } from '@libs/payouts/domain';
import type { ReconcileResult } from '@libs/reconciliation/application';
import type { AuditLogEntry } from '@libs/clients';
import { opsRow } from '@test/support/ops/ops.test-data';
import { RefreshPayout } from './refresh-payout';

const NOW = new Date('2026-01-01T12:00:00Z');
const actor = { id: 'c-ops', name: 'on-call' };

function setup(before: PayoutRecord, after: PayoutRecord, result: ReconcileResult) {
  const reads = [before, after];
  const store = { payouts: { find: async () => reads.shift() ?? after } } as unknown as PayoutStore;
  const audits: AuditLogEntry[] = [];
  const asked: string[] = [];
  const requests: { source?: string; statement?: unknown }[] = [];
  const refresh = new RefreshPayout(
    store,
    {
      execute: async (payoutId, _clock, source, statement) => {
        asked.push(payoutId);
        requests.push({ source, statement });
        return result;
      },
    },
    { write: async (entry) => void audits.push(entry) },
    { now: () => NOW },
  );
  return { refresh, audits, asked, requests };
}

const polled = (status: string): ReconcileResult => ({
  kind: 'polled',
  outcome: 'found',
  result: { decision: { kind: 'applied', to: status } } as unknown as TransitionResult,
});

describe('RefreshPayout', () => {
  it('runs the lookup now, returns the payout after it and audits who asked and what it found', async () => {
    const before = opsRow().payout;
    const after = { ...before, status: 'succeeded' as const, version: 5 };
    const { refresh, audits, asked } = setup(before, after, polled('succeeded'));
    const result = await refresh.execute(before.id, actor, 'customer asked');
    expect(asked).toEqual([before.id]);
    expect(result).toMatchObject({ outcome: 'found', payout: { id: before.id, status: 'succeeded', version: 5 } });
    expect(audits).toEqual([
      {
        actorClientId: 'c-ops',
        action: 'payout.refresh',
        subjectType: 'payout',
        subjectId: before.id,
        reason: 'customer asked',
        details: { lookup: 'found', from: 'manual_review', to: 'succeeded', version: 5 },
      },
    ]);
  });

  it.each(['pending', 'succeeded', 'failed'] as const)(
    'refuses a payout in %s: nothing to look up, and the refusal is audited',
    async (status) => {
      const payout = opsRow({ status }).payout;
      const { refresh, asked, audits } = setup(payout, payout, polled(status));
      const error = await refresh.execute(payout.id, actor, 'on call').catch((e: unknown) => e);
      expect((error as PayoutError).code).toBe('invalid_state');
      expect(asked).toEqual([]);
      expect(audits).toEqual([
        expect.objectContaining({
          actorClientId: 'c-ops',
          action: 'payout.refresh',
          reason: 'on call',
          details: { from: status, refused: 'invalid_state' },
        }),
      ]);
    },
  );

  it('answers rate_limited when the provider budget was spent before anything was sent', async () => {
    const payout = opsRow().payout;
    const { refresh, audits } = setup(payout, payout, { kind: 'rate_limited' });
    const error = await refresh.execute(payout.id, actor, 'on call').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayoutError);
    expect((error as PayoutError).code).toBe('rate_limited');
    expect(audits).toEqual([]);
  });

  it('answers not_found for an unknown payout', async () => {
    const store = { payouts: { find: async () => undefined } } as unknown as PayoutStore;
    const refresh = new RefreshPayout(store, { execute: jest.fn() }, { write: jest.fn() }, { now: () => NOW });
    await expect(refresh.execute('missing', actor, 'on call')).rejects.toMatchObject({ code: 'not_found' });
  });

  it("hands the person's reason to the lookup, so its event on the timeline says who asked and why", async () => {
    const before = opsRow().payout;
    const { refresh, requests } = setup(before, before, polled('manual_review'));
    await refresh.execute(before.id, actor, 'customer called');
    expect(requests).toEqual([{ source: 'ops:c-ops', statement: { statedBy: 'c-ops', reason: 'customer called' } }]);
  });
});
