import { MANUAL_REVIEW_SCHEDULE } from '@libs/payouts/domain';
import { GetOpsSummary } from './get-ops-summary';
import { ListStuckPayouts } from './list-stuck-payouts';
import { opsRow } from '@test/support/ops/ops.test-data';
import type { OpsReadStore, StuckQuery, SummaryCounts } from './ops-store.port';

const NOW = new Date('2026-01-01T00:55:00Z');
const THRESHOLDS = {
  awaiting_approval: 60_000,
  scheduled: 60_000,
  pending: 120_000,
  submitting: 300_000,
  processing: 86_400_000,
  manual_review: 1_800_000,
};

function storeWith(summary?: SummaryCounts): OpsReadStore & { queries: StuckQuery[] } {
  const queries: StuckQuery[] = [];
  return {
    queries,
    listStuck: async (query) => {
      queries.push(query);
      return [opsRow()];
    },
    listNeedsAttention: async () => [],
    listOrphanWebhooks: async () => [],
    summary: async () => summary!,
  };
}

describe('ListStuckPayouts', () => {
  it('asks for STUCK_AFTER per status, or olderThan for every status, and explains each row', async () => {
    const store = storeWith();
    const list = new ListStuckPayouts(store, () => MANUAL_REVIEW_SCHEDULE, { thresholdsMs: THRESHOLDS, timeScale: 1 });
    const { data } = await list.execute({ status: 'manual_review', provider: 'sipay' }, NOW);
    expect(store.queries[0]).toEqual({
      status: 'manual_review',
      provider: 'sipay',
      thresholdsMs: THRESHOLDS,
      now: NOW,
      limit: 100,
    });
    expect(data[0]).toMatchObject({
      payout: { id: opsRow().payout.id, status: 'manual_review', amount: '250013' },
      ageSeconds: 45 * 60,
      nextCheckAt: '2026-01-01T01:00:00.000Z',
      pollCount: 3,
      lastPolledAt: null,
      lastProviderAnswer: null,
      needsAttention: false,
      reason: expect.stringContaining('(threshold 30m)'),
      nextAction: expect.stringContaining('polls left in the schedule'),
    });

    await list.execute({ olderThanMs: 0, limit: 5 }, NOW);
    expect(store.queries[1]).toMatchObject({
      thresholdsMs: { awaiting_approval: 0, scheduled: 0, pending: 0, submitting: 0, processing: 0, manual_review: 0 },
      limit: 5,
    });
  });
});

describe('GetOpsSummary', () => {
  it('folds counts into byStatus (every status) and byProvider, and ages into seconds', async () => {
    const summary = await new GetOpsSummary(
      storeWith({
        byStatusAndProvider: [
          { status: 'pending', provider: null, count: 2 },
          { status: 'processing', provider: 'sipay', count: 5 },
          { status: 'succeeded', provider: 'sipay', count: 7 },
          { status: 'processing', provider: 'pientegra', count: 1 },
        ],
        oldestSince: [{ status: 'processing', since: new Date('2026-01-01T00:54:00Z') }],
        orphanWebhooks: 1,
        needsAttention: 2,
        contradictions: 0,
      }),
    ).execute(NOW);
    expect(summary).toEqual({
      byStatus: {
        awaiting_approval: 0,
        scheduled: 0,
        pending: 2,
        submitting: 0,
        processing: 6,
        manual_review: 0,
        succeeded: 7,
        returned: 0,
        failed: 0,
        canceled: 0,
      },
      byProvider: { none: { pending: 2 }, sipay: { processing: 5, succeeded: 7 }, pientegra: { processing: 1 } },
      oldestAgeSeconds: { processing: 60 },
      orphanWebhooks: 1,
      needsAttention: 2,
      contradictions: 0,
    });
  });
});
