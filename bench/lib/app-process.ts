import { spawn } from 'node:child_process';
import { compiledEntry, type RunningProcess } from '../../test/support/processes';

/**
 * One service process as `npm run start:<app>` runs it (the compiled build of scripts/run-app.mjs, without the
 * resident runner, so that the pid measured is the app's), plus optional node flags (--cpu-prof is refused in
 * NODE_OPTIONS, so a profiled process needs it on the command line); with `fromSources`, the way it ran before
 * docs/decisions/0004-compiled-start.md: the TypeScript sources through @swc-node/register (bench --sources).
 */
export function startAppProcess(
  app: 'api' | 'worker' | 'sandbox',
  env: NodeJS.ProcessEnv,
  nodeFlags: readonly string[] = [],
  fromSources = false,
): RunningProcess {
  const entry = fromSources ? ['-r', '@swc-node/register', `apps/${app}/src/main.ts`] : [compiledEntry(app)];
  const child = spawn('node', [...nodeFlags, ...entry], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
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
