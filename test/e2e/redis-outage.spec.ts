import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { waitUntil } from '../support/processes';
import { DisposableRedis } from '../support/redis-server';
import { Stack } from '../support/stack';

// api.md "Health and metrics": while Redis is unreachable, creating, reading and cancelling payouts still answer
// within seconds, and a stop signal still ends the process. Every call here gives up after ANSWER_WITHIN_MS, so a
// process that waits for Redis fails the test instead of hanging it.
const ANSWER_WITHIN_MS = 3_000;
const STOPPED_WITHIN_MS = 5_000;
const BENEFICIARY = { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' };

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  ms: number;
}

describe('the api and worker while Redis is unreachable', () => {
  const redis = new DisposableRedis();
  let stack: Stack;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const startedAt = Date.now();
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      ms: Date.now() - startedAt,
    } satisfies Answer;
  };
  const createPayout = (amount: string) =>
    call(
      'POST',
      '/v1/payouts',
      { amount, currency: 'TRY', beneficiary: BENEFICIARY },
      { 'idempotency-key': randomUUID() },
    );
  const apiMetrics = async () =>
    (await fetch(`${stack.apiUrl}/metrics`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) })).text();
  const readiness = async (baseUrl: string) => {
    const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await redis.start();
    stack = await Stack.start({
      label: 'redis_outage',
      redisUrl: redis.url,
      env: { OUTBOX_SWEEP_INTERVAL: '500ms' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await redis.kill();
    rmSync(redis.dir, { recursive: true, force: true });
  });

  it('creates, reads, lists and cancels from Postgres within seconds, limits per process, and dispatches once Redis is back', async () => {
    const before = await createPayout('250000');
    expect(before.status).toBe(201);

    await redis.kill();
    const down = await waitUntil(
      async () => {
        const answer = await readiness(stack.apiUrl);
        return answer.status === 503 ? answer : undefined;
      },
      10_000,
      'the api to report Redis down',
    );
    // Which dependency failed is the readiness body's business; no driver text may leak into it.
    expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|Connection is closed|Stream isn't writeable/);

    const created = await createPayout('260000');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ amount: '260000', currency: 'TRY', status: 'pending' });
    const payoutId = String(created.body.id);

    const read = await call('GET', `/v1/payouts/${payoutId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: payoutId, amount: '260000', status: 'pending' });

    const list = await call('GET', '/v1/payouts?limit=10');
    expect(list.status).toBe(200);
    const listed = (list.body.data as { id: string }[]).map((payout) => payout.id);
    expect(listed).toEqual(expect.arrayContaining([payoutId, String(before.body.id)]));

    const feed = await call('GET', '/v1/events?limit=10');
    expect(feed.status).toBe(200);
    expect(Array.isArray(feed.body.data)).toBe(true);

    const toCancel = await createPayout('270000');
    expect(toCancel.status).toBe(201);
    const canceled = await call('POST', `/v1/payouts/${String(toCancel.body.id)}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ id: toCancel.body.id, status: 'canceled' });

    // A provider webhook passes the per-address budget too (then fails its signature check).
    const webhook = await call('POST', '/v1/webhooks/pientegra', { event: 'forged' });
    expect(webhook.status).toBe(401);

    for (const answer of [created, read, list, feed, toCancel, canceled, webhook])
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    // The per-client budget still applies, counted in this process.
    expect(read.headers.get('x-ratelimit-limit-client')).toBe('6000');
    expect(Number(read.headers.get('x-ratelimit-remaining-client'))).toBeLessThan(6000);
    expect(await apiMetrics()).toMatch(/^payout_rate_limit_degraded 1$/m);
    expect(stack.processes.api!.output()).toContain('rate limiting degraded: Redis is unreachable');

    await redis.start();
    const paid = await stack.waitForStatus(payoutId, ['succeeded'], 60_000);
    expect(paid).toMatchObject({ id: payoutId, status: 'succeeded' });
    await waitUntil(
      async () => /^payout_rate_limit_degraded 0$/m.test(await apiMetrics()),
      10_000,
      'the gauge to drop',
    );
    expect(stack.processes.api!.output()).toContain('rate limiting restored: request budgets are shared through Redis');
    const after = await call('GET', `/v1/payouts/${payoutId}`);
    expect(after.status).toBe(200);
  }, 120_000);

  it('ends the api and the worker within seconds of SIGTERM while Redis is down', async () => {
    await redis.kill();
    await waitUntil(async () => (await readiness(stack.apiUrl)).status === 503, 10_000, 'the api to see Redis down');

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
    expect({ api: apiExit, worker: workerExit }).toEqual({
      api: { code: 0, signal: null },
      worker: { code: 0, signal: null },
    });
    expect(Date.now() - startedAt).toBeLessThan(STOPPED_WITHIN_MS);
    expect(worker.output()).toContain('Redis is unreachable: closing the queue connections without waiting for it');
  }, 60_000);
});
