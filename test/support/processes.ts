import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

type AppName = 'api' | 'worker' | 'sandbox';
const repoRoot = path.resolve(__dirname, '..', '..');
let built = false;

/**
 * The compiled main.js of the current sources, as `npm run start:<app>` runs it: `npm run build` (nest build) once per
 * jest worker. Concurrent builds from several workers are safe: the SWC CLI writes each output file atomically and
 * leaves a file with unchanged content untouched, so an app that is starting never reads a half-written file.
 */
export function compiledEntry(app: AppName): string {
  if (!built) {
    // Quiet unless it fails: the error then carries the compiler's output.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'pipe' });
    built = true;
  }
  return path.join(repoRoot, 'dist', 'apps', app, 'src', 'main.js');
}

/**
 * The node arguments of `npm run start:<app>`: the flags its script passes (`exec node <flags> dist/…`, the heap
 * budget of docs/decisions/0017-heap-budget.md; scripts/lib/start-flags.mjs reads them the same way for `npm start`)
 * and the compiled entry.
 */
export function startArguments(app: AppName): string[] {
  const scripts = (
    JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const flags = /^exec node ((?:--\S+ )*)dist\//.exec(scripts[`start:${app}`] ?? '');
  if (!flags) throw new Error(`package.json start:${app} is not "exec node [flags] dist/…"`);
  return [...flags[1].split(' ').filter(Boolean), compiledEntry(app)];
}

/**
 * One of our processes as `npm run start:<app>` starts it, without the resident runner in between: the child is the
 * app itself, so tests can kill -9 it.
 */
export function startApp(app: AppName, env: NodeJS.ProcessEnv): RunningProcess {
  return startNode(startArguments(app), env);
}

/** The worker under the test root module (test/support/test-worker), run from the sources. */
const TEST_WORKER_MAIN = 'test/support/test-worker/test-worker.main.ts';

/**
 * The worker as `startApp('worker')` runs it, under a test root module instead: crash hooks armed by DISPATCH_FAULT or
 * FAULT_INJECT in `env`, and a processor for `probe` jobs on the `maintenance` queue. The production build has neither.
 */
export function startTestWorker(env: NodeJS.ProcessEnv): RunningProcess {
  return startNode(['-r', '@swc-node/register', TEST_WORKER_MAIN], env);
}

function startNode(args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn('node', args, {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

export async function httpStatus(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export const waitForReady = (port: number, timeoutMs = 60_000) =>
  waitUntil(
    async () => (await httpStatus(`http://127.0.0.1:${port}/health/ready`)) === 200,
    timeoutMs,
    `:${port}/health/ready`,
  );
