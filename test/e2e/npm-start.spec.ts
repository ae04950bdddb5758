import { spawn } from 'node:child_process';
import { createFreshDatabase } from '../support/database';
import { freePort, httpStatus, waitUntil } from '../support/processes';

const READY = '[start] ready:';
/** What a person sees before "ready" must fit one terminal screen. */
const ONE_SCREEN = 40;

/** `npm start` as a user runs it (scripts/start.mjs), on the test database server and Redis. */
function npmStart(databaseUrl: string, ports: { api: number; worker: number; sandbox: number }, logFormat: string) {
  const child = spawn('node', ['scripts/start.mjs'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15',
      PORT: String(ports.api),
      WORKER_PORT: String(ports.worker),
      SANDBOX_PORT: String(ports.sandbox),
      LOG_LEVEL: 'info',
      LOG_FORMAT: logFormat,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = () => waitUntil(async () => output.includes(READY), 90_000, 'npm start to say ready');
  const linesBeforeReady = () => output.slice(0, output.indexOf(READY)).split('\n').filter(Boolean);
  const appLines = () => output.split('\n').filter((line) => /^(api|worker|sandbox) *\| /.test(line));
  return { child, exited, ready, output: () => output, linesBeforeReady, appLines };
}

describe('npm start', () => {
  it('migrates, starts api, worker and sandbox, prints the URLs on one screen of JSON lines, and stops everything saying which process died', async () => {
    const database = await createFreshDatabase('npm_start');
    const ports = { api: await freePort(), worker: await freePort(), sandbox: await freePort() };
    const run = npmStart(database.url, ports, 'json');
    try {
      await run.ready();
      const output = run.output();
      expect(output).toContain(`[start]   api          http://127.0.0.1:${ports.api}`);
      expect(await httpStatus(`http://127.0.0.1:${ports.api}/health/ready`)).toBe(200);
      expect(await httpStatus(`http://127.0.0.1:${ports.worker}/health/ready`)).toBe(200);
      expect(output).toMatch(/^api +\| \{/m);
      expect(output).toMatch(/^worker +\| \{/m);
      // Nest's module loader and route mapping are at debug: what is left is ours.
      expect(run.linesBeforeReady().length).toBeLessThanOrEqual(ONE_SCREEN);
      expect(output).not.toContain('dependencies initialized');
      for (const line of run.appLines()) expect(() => JSON.parse(line.replace(/^\w+ *\| /, ''))).not.toThrow();

      const workerPid = Number(/^worker +\| .*"pid":(\d+)/m.exec(output)?.[1]);
      expect(workerPid).toBeGreaterThan(0);
      process.kill(workerPid, 'SIGKILL');

      const code = await run.exited;
      expect(code).toBe(1);
      expect(run.output()).toContain('[start] worker exited (SIGKILL); stopping the others');
      expect(await httpStatus(`http://127.0.0.1:${ports.api}/health/live`)).toBe(0);
      expect(await httpStatus(`http://127.0.0.1:${ports.sandbox}/_sandbox/providers`)).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      await database.drop();
    }
  });

  it('with LOG_FORMAT=pretty prints one readable line per entry, on one screen before the ready block', async () => {
    const database = await createFreshDatabase('npm_start_pretty');
    const ports = { api: await freePort(), worker: await freePort(), sandbox: await freePort() };
    const run = npmStart(database.url, ports, 'pretty');
    try {
      await run.ready();
      const before = run.linesBeforeReady();
      expect(before.length).toBeLessThanOrEqual(ONE_SCREEN);
      expect(before).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^api +\\| \\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] INFO \\(api/\\d+\\): api listening on http://127\\.0\\.0\\.1:${ports.api}`,
          ),
        ),
      );
      expect(before).toContainEqual(
        expect.stringMatching(/^worker +\| \[[\d:.]+\] INFO \(worker\/\d+\): worker running/),
      );
      for (const line of run.appLines()) expect(line).not.toMatch(/^\w+ *\| \{/);
      // Not a terminal here: no colour codes.
      expect(run.output()).not.toContain('\u001b[');
      expect(run.output()).toContain(`[start]   worker       http://127.0.0.1:${ports.worker}`);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      await database.drop();
    }
  });
});
