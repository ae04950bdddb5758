import { spawn } from 'node:child_process';
import { startArguments, type RunningProcess } from '../../test/support/processes';
import { REDIS_REQUESTS_PRELOAD } from './redis-requests';

/**
 * One service process as `npm run start:<app>` runs it (`node <its flags> dist/apps/<app>/src/main.js` after `npm run build`, so
 * that the pid measured is the app's), plus optional node flags (--cpu-prof is refused in
 * NODE_OPTIONS, so a profiled process needs it on the command line); with `fromSources`, the way it ran before
 * docs/decisions/0004-compiled-start.md: the TypeScript sources through @swc-node/register (bench --sources). With
 * BENCH_REDIS_REQUESTS_PREFIX in `env`, the process counts its Redis requests (redis-requests-preload.js) as `app`.
 */
export function startAppProcess(
  app: 'api' | 'worker' | 'sandbox',
  env: NodeJS.ProcessEnv,
  nodeFlags: readonly string[] = [],
  fromSources = false,
): RunningProcess {
  const entry = fromSources ? ['-r', '@swc-node/register', `apps/${app}/src/main.ts`] : startArguments(app);
  const counted = env.BENCH_REDIS_REQUESTS_PREFIX ? ['-r', REDIS_REQUESTS_PRELOAD] : [];
  const child = spawn('node', [...nodeFlags, ...counted, ...entry], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, BENCH_ROLE: app },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Keep the tail only: a long run under load must not grow the bench's own memory.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
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
