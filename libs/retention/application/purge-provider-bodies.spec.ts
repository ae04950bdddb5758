import { PurgeProviderBodies, type ProviderBodyStore } from './purge-provider-bodies';

const DAY_MS = 86_400_000;

/** A store with `clear` bodies to seal and `old` bodies to purge, recording the cutoffs it was asked for. */
function fakeStore(name: string, clear: number, old: number) {
  const cutoffs: Date[] = [];
  const store: ProviderBodyStore = {
    name,
    sealClear: async (limit) => {
      const done = Math.min(limit, clear);
      clear -= done;
      return done;
    },
    purgeOlderThan: async (cutoff, _now, limit) => {
      cutoffs.push(cutoff);
      const done = Math.min(limit, old);
      old -= done;
      return done;
    },
  };
  return { store, cutoffs, left: () => ({ clear, old }) };
}

describe('PurgeProviderBodies', () => {
  const now = new Date('2027-06-01T00:00:00Z');

  it('purges bodies older than the retention and seals clear ones, in batches, store by store', async () => {
    const answers = fakeStore('answers', 5, 3);
    const webhooks = fakeStore('webhooks', 0, 0);
    const sweep = new PurgeProviderBodies([answers.store, webhooks.store], {
      retentionMs: 90 * DAY_MS,
      batchSize: 2,
      maxBatches: 10,
    });
    expect(await sweep.run(now)).toEqual([
      { store: 'answers', sealed: 5, purged: 3 },
      { store: 'webhooks', sealed: 0, purged: 0 },
    ]);
    expect(answers.cutoffs.map((cutoff) => cutoff.toISOString())).toEqual([
      '2027-03-03T00:00:00.000Z',
      '2027-03-03T00:00:00.000Z',
    ]);
  });

  it('stops after maxBatches; the next run goes on where it stopped', async () => {
    const answers = fakeStore('answers', 10, 0);
    const sweep = new PurgeProviderBodies([answers.store], { retentionMs: DAY_MS, batchSize: 2, maxBatches: 3 });
    expect(await sweep.run(now)).toEqual([{ store: 'answers', sealed: 6, purged: 0 }]);
    expect(answers.left()).toEqual({ clear: 4, old: 0 });
    expect(await sweep.run(now)).toEqual([{ store: 'answers', sealed: 4, purged: 0 }]);
  });
});
