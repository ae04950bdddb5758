import { spawn } from 'node:child_process';
import type { RunningProcess } from '../../test/support/processes';

/**
 * One service process exactly as `npm run start:<app>` starts it, plus optional node flags (--cpu-prof is refused in
 * NODE_OPTIONS, so a profiled process needs it on the command line), or from a tsc build when `compiledDir` is given.
 */
export function startAppProcess(
  app: 'api' | 'worker' | 'sandbox',
  env: NodeJS.ProcessEnv,
  nodeFlags: readonly string[] = [],
  compiledDir?: string,
): RunningProcess {
  const entry = compiledDir
    ? [`${compiledDir}/apps/${app}/src/main.js`]
    : ['-r', '@swc-node/register', `apps/${app}/src/main.ts`];
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
