import { rmSync } from 'node:fs';
import { Pool } from 'pg';
import { checkChaosInvariants } from '../support/chaos-invariants';
import { startApp, waitForReady, waitUntil } from '../support/processes';
import { DisposableRedis } from '../support/redis-server';
import { Stack } from '../support/stack';

// Issue 14 "Redis outage: shutdown completes" with work in flight: a worker sending payouts and polling a Sipay
// manual review when Redis dies still ends within seconds of SIGTERM, and what it cut off is finished, exactly
// once, by the next worker once Redis is back (the dispatch reaper and reconciliation, from Postgres).
const STOPPED_WITHIN_MS = 5_000;
const SETTLED_STATUSES = ['succeeded', 'failed', 'returned', 'canceled', 'manual_review'];

describe('SIGTERM while Redis is down and the worker is busy', () => {
  const redis = new DisposableRedis();
  let stack: Stack;
  let sql: Pool;

  beforeAll(async () => {
    await redis.start();
    stack = await Stack.start({
      label: 'redis_outage_busy',
      redisUrl: redis.url,
      // A dispatch the stopped worker held is taken over soon after the next worker starts.
      env: { DISPATCH_JOB_LOCK: '5s' },
    });
    sql = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
    await redis.kill();
    rmSync(redis.dir, { recursive: true, force: true });
  });

  it('ends the api and the worker within seconds, and the next worker finishes every payout once', async () => {
    // 13: Sipay holds the payout in manual review, which the poller keeps looking up; 41: the provider records the
    // transfer and holds its answer; 00: paid at once. Every amount is the payout's own, to find its transfers.
    const amounts = [
      ...Array.from({ length: 2 }, (_, i) => ({ amount: `30${i}013`, provider: 'sipay' })),
      ...Array.from({ length: 12 }, (_, i) => ({ amount: `3${10 + i}041`, provider: i % 2 ? 'sipay' : 'pientegra' })),
      ...Array.from({ length: 8 }, (_, i) => ({ amount: `3${30 + i}000`, provider: i % 2 ? 'sipay' : 'pientegra' })),
    ];
    const reviewIds: string[] = [];
    for (const { amount, provider } of amounts.slice(0, 2)) {
      const created = await stack.createPayout({ amount, provider, reference: `review-${amount}` });
      expect(created.status).toBe(201);
      reviewIds.push(created.body.id);
    }
    for (const id of reviewIds) await stack.waitForStatus(id, ['manual_review'], 60_000);
    const burst = await Promise.all(
      amounts
        .slice(2)
        .map(({ amount, provider }) => stack.createPayout({ amount, provider, reference: `burst-${amount}` })),
    );
    expect(burst.map((answer) => answer.status)).toEqual(burst.map(() => 201));
    const payoutIds = [...reviewIds, ...burst.map((answer) => answer.body.id)];
    // Sends in flight: the held ones are submitting until the provider answers.
    await waitUntil(
      async () =>
        (
          await sql.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM payouts WHERE status = 'submitting' AND id = ANY($1::uuid[])`,
            [payoutIds],
          )
        ).rows[0].n >= 3,
      30_000,
      'sends in flight',
    );

    await redis.kill();
    // Intake goes on from Postgres; the worker's outbox relay wakes for the new rows and waits to enqueue them.
    const duringOutage = await Promise.all(
      ['340000', '341000'].map((amount) =>
        stack.createPayout({ amount, provider: 'pientegra', reference: `outage-${amount}` }),
      ),
    );
    expect(duringOutage.map((answer) => answer.status)).toEqual([201, 201]);
    payoutIds.push(...duringOutage.map((answer) => answer.body.id));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const api = stack.processes.api!;
    const [worker] = stack.processes.workers;
    const startedAt = Date.now();
    const [apiExit, workerExit] = await Promise.all(
      [api, worker].map((process) =>
        Promise.race([
          process.stop('SIGTERM'),
          new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), STOPPED_WITHIN_MS)),
        ]),
      ),
    );
    const stoppedMs = Date.now() - startedAt;
    // Killed either way so a failure here does not leave it sending while the next worker starts.
    await Promise.all([api.stop('SIGKILL'), worker.stop('SIGKILL')]);
    expect({ api: apiExit, worker: workerExit }).toEqual({
      api: { code: 0, signal: null },
      worker: { code: 0, signal: null },
    });
    expect(stoppedMs).toBeLessThan(STOPPED_WITHIN_MS);

    // A new api and worker with Redis back: every payout reaches a final or properly waiting status, with at most
    // one transfer at the provider and nothing marked done that was not.
    await redis.start();
    stack.processes.api = startApp('api', stack.env);
    await waitForReady(Number(new URL(stack.apiUrl).port));
    await stack.addWorker();
    const settledBy = Date.now() + 90_000;
    let statuses: Record<string, string> = {};
    let check = await checkChaosInvariants(sql, stack.sandboxUrl, payoutIds);
    while (Date.now() < settledBy) {
      const rows = (
        await sql.query<{ id: string; status: string }>('SELECT id, status FROM payouts WHERE id = ANY($1::uuid[])', [
          payoutIds,
        ])
      ).rows;
      statuses = Object.fromEntries(rows.map((row) => [row.id, row.status]));
      check = await checkChaosInvariants(sql, stack.sandboxUrl, payoutIds);
      if (rows.every((row) => SETTLED_STATUSES.includes(row.status)) && check.violations.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const unsettled = Object.entries(statuses).filter(([, status]) => !SETTLED_STATUSES.includes(status));
    expect({ unsettled, violations: check.violations }).toEqual({ unsettled: [], violations: [] });
    expect(check.truthPairs).toEqual({ 'manual_review->manual_review': 2, 'sent->succeeded': 22 });
  }, 240_000);
});
