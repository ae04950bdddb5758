import { spawn } from 'node:child_process';
import { createFreshDatabase } from '../support/database';
import { freePort, httpStatus, waitUntil } from '../support/processes';

// `npm start` as a user runs it (scripts/start.mjs), on the test database server and Redis.
describe('npm start', () => {
  it('migrates, starts api, worker and sandbox, prints the URLs, and stops everything saying which process died', async () => {
    const database = await createFreshDatabase('npm_start');
    const [api, worker, sandbox] = [await freePort(), await freePort(), await freePort()];
    const child = spawn('node', ['scripts/start.mjs'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15',
        PORT: String(api),
        WORKER_PORT: String(worker),
        SANDBOX_PORT: String(sandbox),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitUntil(async () => output.includes('[start] ready:'), 90_000, 'npm start to say ready');
      expect(output).toContain(`[start]   api          http://127.0.0.1:${api}`);
      expect(await httpStatus(`http://127.0.0.1:${api}/health/ready`)).toBe(200);
      expect(await httpStatus(`http://127.0.0.1:${worker}/health/ready`)).toBe(200);
      expect(output).toMatch(/^api +\| \{/m);
      expect(output).toMatch(/^worker +\| \{/m);

      const workerPid = Number(/^worker +\| .*"pid":(\d+)/m.exec(output)?.[1]);
      expect(workerPid).toBeGreaterThan(0);
      process.kill(workerPid, 'SIGKILL');

      const code = await exited;
      expect(code).toBe(1);
      expect(output).toContain('[start] worker exited (SIGKILL); stopping the others');
      expect(await httpStatus(`http://127.0.0.1:${api}/health/live`)).toBe(0);
      expect(await httpStatus(`http://127.0.0.1:${sandbox}/_sandbox/providers`)).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await database.drop();
    }
  });
});
