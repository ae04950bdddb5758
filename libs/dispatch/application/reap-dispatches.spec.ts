import type { DispatchLease } from './dispatch.ports';
import { fakeJobs, NOW } from '@test/support/dispatch/dispatch.test-fakes';
import { ReapDispatches, type ReaperRows, type UnansweredAttempt } from './reap-dispatches';

const SECOND = 1_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function setup(due: string[], unanswered: UnansweredAttempt[], held: string[]) {
  const queries: Record<string, unknown>[] = [];
  const rows: ReaperRows = {
    claimDuePending: async (params) => (queries.push(params), due),
    unansweredAttempts: async (params) => (queries.push(params), unanswered),
  };
  const lease: DispatchLease = {
    acquire: async () => undefined,
    heldAmong: async (ids) => new Set(ids.filter((id) => held.includes(id))),
  };
  const { jobs, resubmits, redispatches } = fakeJobs();
  const reaper = new ReapDispatches(
    rows,
    lease,
    jobs,
    {
      reapAfterMs: 30 * SECOND,
      redispatchAfterMs: 30 * SECOND,
      resubmitHorizonMs: (provider) => (provider === 'slow-to-show' ? 60 * SECOND : 300 * SECOND),
      providers: () => ['alpha', 'slow-to-show'],
      batchSize: 50,
    },
    { now: () => NOW },
  );
  return { reaper, queries, resubmits, redispatches };
}

describe('ReapDispatches', () => {
  it('re-enqueues due pending payouts no live job holds, under a job id bucketed by time', async () => {
    const { reaper, redispatches, queries } = setup(['p-1', 'p-2'], [], ['p-2']);
    expect(await reaper.execute()).toEqual({ redispatched: 1, resubmitted: 0 });
    const bucket = Math.floor(NOW.getTime() / (30 * SECOND));
    expect(redispatches).toEqual([{ payoutId: 'p-1', jobId: `redispatch-p-1-${bucket}` }]);
    expect(queries[0]).toEqual({
      now: NOW,
      createdBefore: ago(30 * SECOND),
      pushTo: new Date(NOW.getTime() + 30 * SECOND),
      limit: 50,
    });
  });

  it('resends unanswered attempts under the same attempt, within each provider’s horizon, when no job holds them', async () => {
    const { reaper, resubmits, queries } = setup(
      [],
      [
        { payoutId: 'p-1', attemptId: 'a-1', provider: 'alpha', createdAt: ago(45 * SECOND) },
        { payoutId: 'p-2', attemptId: 'a-2', provider: 'slow-to-show', createdAt: ago(90 * SECOND) },
        { payoutId: 'p-3', attemptId: 'a-3', provider: 'alpha', createdAt: ago(40 * SECOND) },
      ],
      ['p-3'],
    );
    expect(await reaper.execute()).toEqual({ redispatched: 0, resubmitted: 1 });
    expect(resubmits).toEqual([
      {
        job: { payoutId: 'p-1', attemptId: 'a-1', retry: 0 },
        delayMs: 0,
        jobId: `reap-a-1-${Math.floor(NOW.getTime() / (30 * SECOND))}`,
      },
    ]);
    expect(queries[1]).toMatchObject({ createdBefore: ago(30 * SECOND), createdAfter: ago(300 * SECOND) });
  });
});
