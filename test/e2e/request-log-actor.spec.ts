import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { startApiInProcess, type InProcessApi } from '../support/api-in-process';
import { createClients } from '../support/clients';
import { createFreshDatabase, migrate } from '../support/database';

// The queue dashboard report said it: "the request log does not even name the client". Every logged request's line
// (4xx and 5xx only) names the acting client (id and name), whatever authenticated it, and never carries the key.
describe('the request log names the acting client', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let api: InProcessApi;
  let ops: { id: string; key: string };
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createFreshDatabase('request_log_actor');
    await migrate(database.url);
    [ops] = await createClients(database.url, [{ name: 'night-shift', scopes: ['payouts:read', 'ops:read'] }]);
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        callback();
      },
    });
    api = await startApiInProcess(
      {
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14',
      },
      { level: 'info', destination },
    );
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const send = async (method: string, path: string): Promise<Response> =>
    fetch(`${api.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { authorization: `Bearer ${ops.key}`, origin: api.baseUrl, 'sec-fetch-site': 'same-origin' },
    });
  const linesOf = (id: string | null) =>
    lines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .filter((entry) => (entry.req as { id?: unknown } | undefined)?.id === id && entry.res !== undefined);

  const requestLine = async (method: string, path: string, status: number): Promise<Record<string, unknown>> => {
    const answer = await send(method, path);
    expect(answer.status).toBe(status);
    const id = answer.headers.get('x-request-id');
    // Up to 5 s: the line is written asynchronously, and a full parallel test run can keep the process busy.
    for (let i = 0; i < 250; i++) {
      const [line] = linesOf(id);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no request log line for ${path}`);
  };

  // Only requests answered 4xx or 5xx are logged (issue 18); each such line names who sent it.
  it.each([
    ['the JSON API (404)', 'GET', '/v1/payouts/00000000-0000-4000-8000-000000000000', 404],
    ['a route its key lacks the scope for (403)', 'GET', '/v1/routing/rules', 403],
    ['the queue dashboard (read-only: 405)', 'PUT', '/ops/queues/api/queues/pause', 405],
    [
      'the /ops page (an action its key lacks the scope for)',
      'POST',
      '/ops/payouts/00000000-0000-4000-8000-000000000000/refresh',
      403,
    ],
  ])('names the client on %s, without the key', async (_what, method, path, status) => {
    const line = await requestLine(method, path, status);
    expect(line.client).toEqual({ id: ops.id, name: 'night-shift' });
    expect(line.level).toBe('warn');
    expect(JSON.stringify(line)).not.toContain(ops.key);
  });

  it('writes no line for a request answered 2xx', async () => {
    const answers = [await send('GET', '/v1/payouts'), await send('GET', '/ops')];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    // A later failing request's line is written after any line these two would have produced.
    await requestLine('GET', '/v1/routing/rules', 403);
    for (const answer of answers) expect(linesOf(answer.headers.get('x-request-id'))).toEqual([]);
  });

  // Issue 18: pino-http made two child loggers (and serialized the request) for every request, logged or not.
  it('makes no child logger for a request it does not log', async () => {
    // Every logger made from the api's root logger inherits `child` from the root's own prototype.
    let owner = PinoLogger.root as object;
    while (!Object.prototype.hasOwnProperty.call(owner, 'child')) owner = Object.getPrototypeOf(owner) as object;
    const child = jest.spyOn(owner as Logger, 'child');
    try {
      for (let i = 0; i < 5; i++) expect((await send('GET', '/v1/payouts')).status).toBe(200);
      expect(child).not.toHaveBeenCalled();
    } finally {
      child.mockRestore();
    }
  });
});
