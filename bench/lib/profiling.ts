import type { BenchContext } from './context';
import { profilesIn, summarizeProfile, type ProfileSummary } from './cpu-profile';

const cpuProf = (dir: string) => ['--cpu-prof', `--cpu-prof-dir=${dir}`];

/**
 * Runs `load` against an api started with --cpu-prof, then restarts the api plainly: its SIGTERM exit writes the
 * profile, which is summarised (self time by owner and by function).
 */
export async function profileApi(
  context: BenchContext,
  name: string,
  load: () => Promise<unknown>,
): Promise<ProfileSummary[]> {
  const dir = context.profileDir(name);
  const spawnedAt = Date.now();
  await context.stack.restartApi(cpuProf(dir));
  const startUpMs = Date.now() - spawnedAt;
  try {
    await load();
  } finally {
    await context.stack.restartApi();
  }
  return profilesIn(dir).map((file) => summarizeProfile(file, startUpMs));
}

/** The same for the whole pipeline: api and `workers` worker processes profiled while `load` runs. */
export async function profilePipeline(
  context: BenchContext,
  name: string,
  workers: number,
  load: () => Promise<unknown>,
): Promise<{ api: ProfileSummary[]; workers: ProfileSummary[] }> {
  const apiDir = context.profileDir(`${name}-api`);
  const workerDir = context.profileDir(`${name}-worker`);
  await context.stack.stopWorkers();
  // Each profile starts when its process does; everything before the last process was ready is start-up.
  const spawnedAt = new Map<number, number>();
  let at = Date.now();
  await context.stack.restartApi(cpuProf(apiDir));
  spawnedAt.set(context.stack.api.child.pid!, at);
  for (let i = 0; i < workers; i++) {
    at = Date.now();
    spawnedAt.set((await context.stack.addWorker(cpuProf(workerDir))).child.pid!, at);
  }
  const readyAt = Date.now();
  try {
    await load();
  } finally {
    await context.stack.stopWorkers();
    await context.stack.restartApi();
  }
  const summarize = (file: string) => {
    const pid = Number(/\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(file)?.[1]);
    return summarizeProfile(file, readyAt - (spawnedAt.get(pid) ?? readyAt));
  };
  return { api: profilesIn(apiDir).map(summarize), workers: profilesIn(workerDir).map(summarize) };
}
