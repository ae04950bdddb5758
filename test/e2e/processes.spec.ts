import { createFreshDatabase, migrate } from '../support/database';
import { freePort, httpStatus, RunningProcess, startApp, waitForReady, waitUntil } from '../support/processes';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';

describe('api and worker on real Postgres and Redis', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let api: RunningProcess;
  let worker: RunningProcess;
  let apiPort: number;
  let workerPort: number;

  beforeAll(async () => {
    database = await createFreshDatabase('processes');
    await migrate(database.url);
    [apiPort, workerPort] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      PORT: String(apiPort),
      WORKER_PORT: String(workerPort),
    };
    api = startApp('api', env);
    // The worker also shows how a half-configured provider is reported: a real base URL without credentials.
    worker = startApp('worker', { ...env, PIENTEGRA_API_BASE: 'https://api.pientegra.example/api/v1' });
    await Promise.all([waitForReady(apiPort), waitForReady(workerPort)]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await database?.drop();
  });

  it('answers /health/ready with 200 on both, checking database, Redis and migrations', async () => {
    for (const port of [apiPort, workerPort]) {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { details: Record<string, { status: string }> };
      expect(Object.keys(body.details).sort()).toEqual(['database', 'migrations', 'redis']);
    }
    expect(await httpStatus(`http://127.0.0.1:${apiPort}/health/live`)).toBe(200);
  });

  it('serves Prometheus metrics on both', async () => {
    for (const port of [apiPort, workerPort]) {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('process_resident_memory_bytes');
    }
  });

  it('serves the OpenAPI document generated from the code on the api', async () => {
    const document = (await (await fetch(`http://127.0.0.1:${apiPort}/docs-json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    expect(await httpStatus(`http://127.0.0.1:${apiPort}/docs`)).toBe(200);
  });

  it('answers an unknown route with problem+json and a request id', async () => {
    const response = await fetch(`http://127.0.0.1:${apiPort}/v1/nothing-here`, {
      headers: { 'x-request-id': 'req-123' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(await response.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Not found' });
  });

  it('says at start-up which providers are enabled and which are disabled and why', async () => {
    await waitUntil(async () => worker.output().includes('provider sipay'), 5_000, 'provider lines');
    expect(worker.output()).toContain(
      'provider pientegra: disabled: PIENTEGRA_API_KEY and PIENTEGRA_WEBHOOK_SECRET not set',
    );
    expect(worker.output()).toContain('provider sipay: enabled (sandbox)');
    expect(api.output()).toContain('provider pientegra: enabled (sandbox)');
  });

  it('writes structured JSON log lines on a pipe (LOG_FORMAT unset), none of them Nest start-up chatter', () => {
    const lines = api.output().split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line) as { level: string; msg: string })).toContainEqual(
      expect.objectContaining({ level: 'info', msg: expect.stringMatching(/^api listening on /) }),
    );
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('level');
    expect(api.output()).not.toMatch(/dependencies initialized|Mapped \{/);
  });
});

describe('start-up with invalid configuration', () => {
  it('prints one line per problem, never a secret value, and exits non-zero', async () => {
    const api = startApp('api', {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://user:hunter2@db/x',
      PROVIDER_TIMEOUT: '10',
      STUCK_AFTER: 'pending=soon',
      SIPAY_WEBHOOK_WINDOW: '1 hour',
    });
    const { code } = await api.exited;
    const lines = api
      .output()
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('config: '));
    expect(code).toBe(1);
    expect(lines).toEqual([
      'config: DATABASE_URL is invalid',
      'config: PORT is invalid: "eighty" is not a whole number',
      expect.stringMatching(/^config: PROVIDER_TIMEOUT is invalid: "10" is not a duration/),
      expect.stringMatching(/^config: STUCK_AFTER is invalid: "soon" is not a duration/),
      expect.stringMatching(/^config: SIPAY_WEBHOOK_WINDOW is invalid: "1 hour" is not a duration/),
      'config: 5 problem(s); not starting',
    ]);
    expect(api.output()).not.toContain('hunter2');
  });
});
