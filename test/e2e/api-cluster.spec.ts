import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createFreshDatabase, migrate } from '../support/database';
import { freePort, RunningProcess, startApp, waitForReady, waitUntil } from '../support/processes';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';

const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

/** A GET on a connection of its own (no keep-alive), so the cluster hands each to the next process. */
function getOnNewConnection(port: number, path: string, requestId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { 'x-request-id': requestId, connection: 'close' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

// API_PROCESSES=2: a primary forks two api processes that share the port, replaces one that dies, serves metrics
// summed over both, and stops both on SIGTERM.
describe('the api as a cluster of processes (API_PROCESSES)', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let api: RunningProcess;
  let port: number;

  beforeAll(async () => {
    database = await createFreshDatabase('api_cluster');
    await migrate(database.url);
    port = await freePort();
    api = startApp('api', { DATABASE_URL: database.url, REDIS_URL: redisUrl, PORT: String(port), API_PROCESSES: '2' });
    await waitForReady(port);
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    for (const pid of childrenOf(api?.child.pid ?? 0)) process.kill(pid, 'SIGKILL');
    await database?.drop();
  });

  const pidsThatAnswered = (requestIds: string[]): number[] => {
    const pids = api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { pid?: number; req?: { id?: string } })
      .filter((line) => line.req?.id !== undefined && requestIds.includes(line.req.id))
      .map((line) => line.pid ?? 0);
    return [...new Set(pids)].sort();
  };

  it('serves requests from two processes, children of the one started, with metrics summed over both', async () => {
    const primary = api.child.pid!;
    await waitUntil(async () => childrenOf(primary).length === 2, 10_000, 'two api processes');
    // Forked is not listening yet: a process still booting under load gets no connection, so keep asking (each
    // request on a new connection, which the primary hands round-robin to the listening processes) until both have
    // answered. Each 404 is logged (4xx are) by the process that answered it.
    const ids: string[] = [];
    const answered = await waitUntil(
      async () => {
        const id = `cluster-${ids.length}`;
        ids.push(id);
        expect(await getOnNewConnection(port, '/v1/nothing-here', id)).toBe(404);
        const pids = pidsThatAnswered(ids);
        return pids.length === 2 ? pids : undefined;
      },
      30_000,
      'log lines from both processes',
    );
    expect(answered).toEqual(childrenOf(primary).sort());

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const count = new RegExp(
      `^http_request_duration_seconds_count\\{method="GET",route="[^"]+",status="404"\\} ${ids.length}$`,
      'm',
    );
    expect(metrics).toMatch(count);
  });

  it('replaces a process that dies, and stops every process on SIGTERM', async () => {
    const primary = api.child.pid!;
    const [victim, survivor] = childrenOf(primary);
    process.kill(victim, 'SIGKILL');
    const replaced = await waitUntil(
      async () => {
        const now = childrenOf(primary);
        return now.length === 2 && !now.includes(victim) ? now : undefined;
      },
      30_000,
      'a replacement api process',
    );
    expect(replaced).toContain(survivor);
    expect(api.output()).toContain(`api process ${victim} exited (SIGKILL); starting another`);
    await waitForReady(port);
    const [replacement] = replaced.filter((pid) => pid !== survivor);
    await waitUntil(async () => api.output().includes(`"pid":${replacement}`), 30_000, 'the replacement to log');

    expect(await api.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
  });
});
