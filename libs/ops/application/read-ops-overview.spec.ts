import { DomainValidationError } from '@libs/payouts/domain';
import { decodeListKeyOrThrow, encodeListKey } from './ops-cursor';
import { opsRow } from '@test/support/ops/ops.test-data';
import type { OpsReadStore, OrphanWebhookRow, StuckQuery } from './ops-store.port';
import { OVERVIEW_PAGE_SIZE, ReadOpsOverview } from './read-ops-overview';

const NOW = new Date('2026-01-01T02:00:00Z');
const settings = {
  thresholdsMs: {
    awaiting_approval: 60_000,
    scheduled: 60_000,
    pending: 60_000,
    submitting: 60_000,
    processing: 60_000,
    manual_review: 60_000,
  },
  timeScale: 1,
};
const idOf = (i: number) => `0193a1b2-3c4d-7e5f-8a9b-${String(i).padStart(12, '0')}`;
const minute = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i));

/** A store whose three lists have `count` rows each, honouring limit and after as the SQL does. */
function storeOf(count: number) {
  const calls: { list: string; limit: number; after?: { at: Date; id: string } }[] = [];
  const rows = Array.from({ length: count }, (_, i) =>
    opsRow({ id: idOf(i + 1), updatedAt: minute(i) }, { since: minute(i) }),
  );
  const orphans: OrphanWebhookRow[] = rows.map((_, i) => ({
    id: String(i + 1),
    provider: 'sipay',
    receivedAt: minute(i),
    reference: null,
    providerId: null,
    signalStatus: null,
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
  }));
  const page = <T>(list: T[], keyOf: (row: T) => number, limit: number, after?: { at: Date }) =>
    list.filter((row) => !after || keyOf(row) > after.at.getTime()).slice(0, limit);
  const store: OpsReadStore = {
    listStuck: async (query: StuckQuery) => {
      calls.push({ list: 'stuck', limit: query.limit, ...(query.after ? { after: query.after } : {}) });
      return page(rows, (row) => row.since.getTime(), query.limit, query.after);
    },
    listNeedsAttention: async (limit, after) => {
      calls.push({ list: 'attention', limit, ...(after ? { after } : {}) });
      return page(rows, (row) => row.payout.updatedAt.getTime(), limit, after);
    },
    listOrphanWebhooks: async (limit, after) => {
      calls.push({ list: 'orphans', limit, ...(after ? { after } : {}) });
      return page(orphans, (row) => row.receivedAt.getTime(), limit, after);
    },
    summary: async () => ({
      byStatusAndProvider: [],
      oldestSince: [],
      orphanWebhooks: 0,
      needsAttention: 0,
      contradictions: 0,
    }),
  };
  return { store, calls };
}

describe('ReadOpsOverview', () => {
  it('shows a page of each list and a cursor for the next, which the next page takes up where it ended', async () => {
    const { store, calls } = storeOf(OVERVIEW_PAGE_SIZE + 5);
    const overview = new ReadOpsOverview(store, () => undefined, settings);
    const first = await overview.execute({}, NOW);
    expect([first.stuck.length, first.needsAttention.length, first.orphans.length]).toEqual([
      OVERVIEW_PAGE_SIZE,
      OVERVIEW_PAGE_SIZE,
      OVERVIEW_PAGE_SIZE,
    ]);
    expect(first.next.stuck).not.toBeNull();
    expect(calls.every((call) => call.limit === OVERVIEW_PAGE_SIZE + 1)).toBe(true);

    const second = await overview.execute(
      {
        stuckAfter: first.next.stuck as string,
        attentionAfter: first.next.needsAttention as string,
        orphansAfter: first.next.orphans as string,
      },
      NOW,
    );
    expect(second.stuck.map((row) => row.payout.id)).toEqual(
      Array.from({ length: 5 }, (_, i) => idOf(OVERVIEW_PAGE_SIZE + i + 1)),
    );
    expect(second.needsAttention).toHaveLength(5);
    expect(second.orphans.map((row) => row.id)).toEqual(['51', '52', '53', '54', '55']);
    expect(second.next).toEqual({ stuck: null, needsAttention: null, orphans: null });
  });

  it('refuses a cursor it did not give as a field error', async () => {
    const overview = new ReadOpsOverview(storeOf(1).store, () => undefined, settings);
    await expect(overview.execute({ orphansAfter: 'x' }, NOW)).rejects.toThrow(DomainValidationError);
  });
});

describe('list keys', () => {
  it('round-trip a time with a payout id or an inbox row id, and refuse anything else', () => {
    for (const key of [
      { at: minute(3), id: idOf(1) },
      { at: minute(3), id: '42' },
    ]) {
      expect(decodeListKeyOrThrow(encodeListKey(key), 'after')).toEqual(key);
    }
    const forged = Buffer.from(`${minute(3).toISOString()}|1; DROP TABLE payouts`).toString('base64url');
    for (const cursor of [
      '',
      'not-a-cursor',
      forged,
      Buffer.from('2026-02-30T00:00:00.000Z|1').toString('base64url'),
    ]) {
      expect(() => decodeListKeyOrThrow(cursor, 'after')).toThrow(DomainValidationError);
    }
  });
});
