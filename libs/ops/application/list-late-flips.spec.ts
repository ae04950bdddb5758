import { PAYOUT_STATUSES } from '@libs/payouts/domain';
import type { PayoutEventRecord, PayoutRecord } from '@libs/payouts/application';
import { lateFlipKind, ListLateFlips, type LateFlipRow, type LateFlipStore } from './list-late-flips';

describe('lateFlipKind', () => {
  it('names the two outcomes that cost money and leaves every other pair as other', () => {
    const kinds = new Map<string, string>();
    for (const from of [null, ...PAYOUT_STATUSES]) {
      for (const to of PAYOUT_STATUSES) kinds.set(`${from}->${to}`, lateFlipKind(from, to));
    }
    const named = [...kinds].filter(([, kind]) => kind !== 'other').sort();
    expect(named).toEqual([
      ['failed->succeeded', 'paid_after_failed'],
      ['succeeded->failed', 'reversed_after_succeeded'],
      ['succeeded->returned', 'reversed_after_succeeded'],
    ]);
  });
});

describe('ListLateFlips', () => {
  const row = (id: string, at: string): LateFlipRow => ({
    event: {
      id,
      payoutId: `payout-${id}`,
      from: 'failed',
      to: 'succeeded',
      applied: false,
      source: 'webhook:x',
      reason: 'contradiction',
      detail: 'd',
      evidence: undefined,
      createdAt: new Date(at),
    } as unknown as PayoutEventRecord,
    payout: {
      id: `payout-${id}`,
      clientId: 'client-1',
      status: 'failed',
      amount: 100n,
      beneficiary: { name: 'A B', ibanLast4: '7890', bankCode: null },
      createdAt: new Date(at),
      updatedAt: new Date(at),
      completedAt: null,
      scheduledFor: null,
    } as unknown as PayoutRecord,
  });

  it('asks for one more row than the page, and gives the last row’s position as the cursor only when more remain', async () => {
    const asked: { limit: number; before?: string }[] = [];
    const store: LateFlipStore = {
      listLateFlips: async (limit, before) => {
        asked.push({ limit, before });
        return [row('9', '2026-12-05T10:00:00.000Z'), row('7', '2026-12-05T09:00:00.000Z')].slice(0, limit);
      },
    };
    const first = await new ListLateFlips(store).execute({ limit: 1 });
    expect(first.data.map((flip) => [flip.kind, flip.event.id, flip.event.evidence])).toEqual([
      ['paid_after_failed', '9', null],
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await new ListLateFlips(store).execute({ limit: 5, cursor: first.nextCursor! });
    expect(asked).toEqual([{ limit: 2 }, { limit: 6, before: '9' }]);
    expect(second.nextCursor).toBeNull();
  });
});
