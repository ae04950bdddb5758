import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { queryOnce } from '../support/database';
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
    expect(read.headers.get('x-ratelimit-limit')).toBe('6000');
    expect(Number(read.headers.get('x-ratelimit-remaining'))).toBeLessThan(6000);
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
    // The outage is said once per process and client, not as an ioredis stack trace on every reconnect attempt.
    for (const process of [stack.processes.api!, stack.processes.workers[0]]) {
      expect(process.output()).not.toContain('Unhandled error event');
      // Its code is what the first failed call met: refused on a reconnect, or reset when Redis went away mid-read
      // (seen on a loaded machine: the worker was reading when redis-server stopped).
      expect(process.output()).toMatch(/Redis is unreachable \((ECONNREFUSED|ECONNRESET)\)/);
      expect(process.output()).toContain('Redis is reachable again');
    }
    const after = await call('GET', `/v1/payouts/${payoutId}`);
    expect(after.status).toBe(200);
  }, 120_000);

  it('answers every other api route within seconds: Postgres reads with Redis health unknown, Redis actions 503', async () => {
    // Signed in while Redis was up: the session itself lives in Redis.
    const signIn = async () =>
      fetch(`${stack.apiUrl}/ops/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key: stack.key }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
    // A payout the poller is looking up (Sipay holds 250013 in manual review): a refresh of it calls the provider,
    // whose request budget and token cache live in Redis.
    const inReview = await stack.createPayout({ amount: '250013', provider: 'sipay', reference: 'outage-review' });
    expect(inReview.status).toBe(201);
    await stack.waitForStatus(inReview.body.id, ['manual_review'], 60_000);
    const signedIn = await signIn();
    expect(signedIn.status).toBe(303);
    const cookie = String(signedIn.headers.get('set-cookie')).split(';')[0];
    const page = async (path: string, headers: Record<string, string>) => {
      const startedAt = Date.now();
      const response = await fetch(`${stack.apiUrl}${path}`, {
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, ms: Date.now() - startedAt };
    };

    await redis.kill();
    await waitUntil(async () => (await readiness(stack.apiUrl)).status === 503, 10_000, 'the api to see Redis down');
    const submitting = await createPayout('280000');
    const pending = await createPayout('290000');
    expect([submitting.status, pending.status]).toEqual([201, 201]);
    // A payout a dispatch is sending: a refresh of it needs dispatch's lease, which lives in Redis.
    await queryOnce(
      stack.databaseUrl,
      `UPDATE payouts SET status = 'submitting', provider = 'pientegra' WHERE id = $1`,
      [submitting.body.id],
    );

    try {
      const answers: Record<string, { status: number; ms: number }> = {};
      const timed = async <T extends { status: number; ms: number }>(name: string, answer: Promise<T>) => {
        const settled = await answer;
        answers[name] = { status: settled.status, ms: settled.ms };
        return settled;
      };

      // Reads that Redis only decorates answer from Postgres and say which part is unknown.
      const providers = await timed('GET /v1/providers', call('GET', '/v1/providers'));
      expect(providers.status).toBe(200);
      const listed = providers.body.data as { name: string; health: Record<string, unknown> }[];
      expect(listed.length).toBeGreaterThan(0);
      for (const provider of listed) {
        expect(provider.health).toEqual({
          circuit: 'unknown',
          processes: [],
          windowSeconds: 300,
          calls: null,
          transportFailures: null,
          errorRate: null,
        });
      }
      const drained = await timed(
        'PATCH /v1/providers/sipay',
        call('PATCH', '/v1/providers/sipay', { drain: false, reason: 'Redis outage drill' }),
      );
      expect(drained.status).toBe(200);
      expect(drained.body).toMatchObject({ name: 'sipay', drain: false, health: { circuit: 'unknown' } });
      const explained = await timed(
        'POST /v1/routing/explain',
        call('POST', '/v1/routing/explain', { amount: '250000', currency: 'TRY', beneficiary: BENEFICIARY }),
      );
      expect(explained.status).toBe(200);
      expect(explained.body).toMatchObject({ circuits: 'unknown', provider: expect.any(String) });
      const rules = await timed('GET /v1/routing/rules', call('GET', '/v1/routing/rules'));
      expect(rules.status).toBe(200);
      for (const path of ['/v1/ops/stuck', '/v1/ops/summary', '/v1/notifications?limit=10']) {
        expect((await timed(`GET ${path}`, call('GET', path))).status).toBe(200);
      }
      const redelivered = await timed(
        'POST /v1/notifications/{id}/redeliver',
        call('POST', `/v1/notifications/${randomUUID()}/redeliver`),
      );
      expect(redelivered.body).toMatchObject({ code: 'not_found' });
      const resolved = await timed(
        'POST /v1/ops/payouts/{id}/resolve',
        call('POST', `/v1/ops/payouts/${String(pending.body.id)}/resolve`, {
          status: 'failed',
          reason: 'Redis outage drill',
          evidence: 'none: a drill',
        }),
      );
      expect(resolved.body).toMatchObject({ code: 'invalid_state' });
      const refreshedPending = await timed(
        'POST /v1/ops/payouts/{pending}/refresh',
        call('POST', `/v1/ops/payouts/${String(pending.body.id)}/refresh`, { reason: 'Redis outage drill' }),
      );
      expect(refreshedPending.body).toMatchObject({ code: 'invalid_state' });
      expect((await timed('GET /ops (key)', page('/ops', { authorization: `Bearer ${stack.key}` }))).status).toBe(200);
      expect((await timed('GET /health/live', page('/health/live', {}))).status).toBe(200);
      expect((await timed('GET /metrics', page('/metrics', {}))).status).toBe(200);

      // Actions that cannot be done without Redis are refused at once: 503 service_unavailable with Retry-After.
      const unavailable = { status: 503, code: 'service_unavailable' };
      const refreshed = await timed(
        'POST /v1/ops/payouts/{submitting}/refresh',
        call('POST', `/v1/ops/payouts/${String(submitting.body.id)}/refresh`, { reason: 'Redis outage drill' }),
      );
      expect(refreshed.body).toMatchObject(unavailable);
      expect(refreshed.headers.get('retry-after')).toBe('5');
      expect(refreshed.headers.get('content-type')).toContain('application/problem+json');
      const refreshedInReview = await timed(
        'POST /v1/ops/payouts/{manual_review}/refresh',
        call('POST', `/v1/ops/payouts/${inReview.body.id}/refresh`, { reason: 'Redis outage drill' }),
      );
      expect(refreshedInReview.body).toMatchObject(unavailable);
      const retried = await timed(
        'POST /v1/ops/queues/{queue}/jobs/{id}/retry',
        call('POST', `/v1/ops/queues/dispatch/jobs/dispatch-${String(pending.body.id)}/retry`, {
          reason: 'Redis outage drill',
        }),
      );
      expect(retried.body).toMatchObject(unavailable);
      expect(retried.headers.get('retry-after')).toBe('5');
      for (const answer of [refreshed, retried]) expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|Stream/);

      // The browser pages answer a readable 503 page.
      const loginTimer = Date.now();
      const login = await signIn();
      const loginText = await login.text();
      answers['POST /ops/login'] = { status: login.status, ms: Date.now() - loginTimer };
      const sessionPage = await timed('GET /ops (session)', page('/ops', { cookie }));
      const board = await timed('GET /ops/queues', page('/ops/queues', { authorization: `Bearer ${stack.key}` }));
      const boardApi = await timed(
        'GET /ops/queues/api/queues',
        page('/ops/queues/api/queues', { authorization: `Bearer ${stack.key}` }),
      );
      for (const [answer, text] of [
        [login, loginText],
        [sessionPage, sessionPage.text],
        [board, board.text],
        [boardApi, boardApi.text],
      ] as const) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('content-type')).toContain('text/html');
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(text).toMatch(/503: .* needs Redis, which is unreachable right now; try again shortly/);
      }

      for (const [name, answer] of Object.entries(answers))
        expect({ name, fast: answer.ms < ANSWER_WITHIN_MS }).toEqual({ name, fast: true });
    } finally {
      // Back as the dispatch left it; both go out once Redis returns, so the worker is idle for the next test.
      await queryOnce(stack.databaseUrl, `UPDATE payouts SET status = 'pending', provider = NULL WHERE id = $1`, [
        submitting.body.id,
      ]);
      await redis.start();
    }
    for (const payout of [submitting, pending]) {
      expect(await stack.waitForStatus(String(payout.body.id), ['succeeded'], 60_000)).toMatchObject({
        status: 'succeeded',
      });
    }
  }, 120_000);

  it('documents those answers in the OpenAPI document', async () => {
    const response = await fetch(`${stack.apiUrl}/docs-json`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    };
    for (const path of ['/v1/ops/payouts/{id}/refresh', '/v1/ops/queues/{queue}/jobs/{jobId}/retry']) {
      expect(JSON.stringify(document.paths[path].post.responses['503'])).toContain('service_unavailable');
    }
    const health = document.components.schemas.ProviderHealthDto.properties;
    expect(health.circuit.enum).toEqual(['closed', 'open', 'half_open', 'unknown']);
    // OAS 3.1: a nullable field has `null` among its types.
    for (const count of ['calls', 'transportFailures', 'errorRate']) expect(health[count].type).toContain('null');
    expect(document.components.schemas.RoutingExplanationDto.properties.circuits.enum).toEqual(['reported', 'unknown']);
  });

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
