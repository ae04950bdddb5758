import { FeedBatchItems, type BatchDispatchJobs, type BatchItemRows } from './feed-batch-items';

describe('FeedBatchItems', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const setUp = (waiting: number, due: string[]) => {
    const claims: { limit: number; leaseUntil: Date; maxBatches: number }[] = [];
    const enqueued: string[][] = [];
    const rows: BatchItemRows = {
      claimDue: async ({ limit, leaseUntil, maxBatches }) => {
        claims.push({ limit, leaseUntil, maxBatches });
        return due.slice(0, limit);
      },
    };
    const jobs: BatchDispatchJobs = {
      waiting: async () => waiting,
      enqueue: async (ids) => void enqueued.push([...ids]),
    };
    const feed = new FeedBatchItems(rows, jobs, { now: () => now }, { window: 8, leaseMs: 30_000, maxBatches: 100 });
    return { feed, claims, enqueued };
  };

  it('tops the waiting batch jobs up to the window, leasing what it claims', async () => {
    const { feed, claims, enqueued } = setUp(3, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(await feed.run()).toEqual({ waiting: 3, fed: 5 });
    expect(claims).toEqual([{ limit: 5, leaseUntil: new Date(now.getTime() + 30_000), maxBatches: 100 }]);
    expect(enqueued).toEqual([['a', 'b', 'c', 'd', 'e']]);
  });

  it('claims nothing while the window is full, so a batch never floods the dispatch queue', async () => {
    const { feed, claims, enqueued } = setUp(8, ['a']);
    expect(await feed.run()).toEqual({ waiting: 8, fed: 0 });
    expect(claims).toEqual([]);
    expect(enqueued).toEqual([]);
  });

  it('enqueues nothing when no item is due', async () => {
    const { feed, enqueued } = setUp(0, []);
    expect(await feed.run()).toEqual({ waiting: 0, fed: 0 });
    expect(enqueued).toEqual([]);
  });
});
