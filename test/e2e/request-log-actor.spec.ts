import { Writable } from 'node:stream';
import { startApiInProcess, type InProcessApi } from '../support/api-in-process';
import { createClients } from '../support/clients';
import { createFreshDatabase, migrate } from '../support/database';

// The queue dashboard report said it: "the request log does not even name the client". Every authenticated request's
// log line names the acting client (id and name), whatever authenticated it, and never carries the key.
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

  const requestLine = async (path: string, status: number): Promise<Record<string, unknown>> => {
    const answer = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${ops.key}` } });
    expect(answer.status).toBe(status);
    const id = answer.headers.get('x-request-id');
    for (let i = 0; i < 50; i++) {
      const line = lines
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .find((entry) => {
          const req = entry.req as { id?: unknown } | undefined;
          return req?.id === id && entry.res !== undefined;
        });
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no request log line for ${path}`);
  };

  it.each([
    ['the JSON API', '/v1/payouts', 200],
    ['a route its key lacks the scope for (403)', '/v1/routing/rules', 403],
    ['the queue dashboard', '/ops/queues/api/queues', 200],
    ['the /ops page', '/ops', 200],
  ])('names the client on %s, without the key', async (_what, path, status) => {
    const line = await requestLine(path, status);
    expect(line.client).toEqual({ id: ops.id, name: 'night-shift' });
    expect(JSON.stringify(line)).not.toContain(ops.key);
  });
});
