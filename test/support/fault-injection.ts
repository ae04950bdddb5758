import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { RunningProcess } from './processes';
import type { DisposableRedis } from './redis-server';
import type { Stack } from './stack';

/** An attempt whose provider call is under way right now: created in the last 2 s, no answer recorded yet. */
export const DISPATCH_IN_FLIGHT_SQL = `
  SELECT count(*)::int AS n FROM payout_attempts a
  WHERE a.status = 'submitting' AND a.created_at > now() - interval '2 seconds'
    AND NOT EXISTS (SELECT 1 FROM payout_events e WHERE e.payout_id = a.payout_id AND e.source = 'dispatch'
      AND e.evidence->>'answeredAttemptId' = a.id::text)`;

/**
 * An inbox row a worker has claimed and not recorded yet: the claim pushes next_attempt_at one processing lease
 * (WEBHOOK_PROCESSING_LEASE) ahead, so a waiting row due almost that far out is being processed right now.
 */
export const webhookInProcessingSql = (leaseSeconds: number) => `
  SELECT count(*)::int AS n FROM webhook_inbox
  WHERE status IN ('received', 'orphan') AND attempts > 0
    AND next_attempt_at > now() + interval '${Math.max(1, leaseSeconds - 4)} seconds'`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes the test stopped on purpose; any other exit is a crash worth reporting. */
export class ProcessWatch {
  private readonly intended = new Set<RunningProcess>();
  readonly crashes: string[] = [];

  watch(name: string, process: RunningProcess): void {
    void process.exited.then(({ code, signal }) => {
      if (!this.intended.has(process))
        this.crashes.push(`${name} exited (${signal ?? code}):\n${process.output().slice(-2_000)}`);
    });
  }

  async kill(process: RunningProcess): Promise<void> {
    this.intended.add(process);
    await process.stop('SIGKILL');
  }

  stopWatching(processes: readonly RunningProcess[]): void {
    for (const process of processes) this.intended.add(process);
  }
}

/**
 * Waits until `probeSql` counts at least `minimum` rows (or, at the timeout, at least one), then SIGKILLs every live
 * worker at once (so whichever held the work is among them) and counts again: the rows still matching are the work
 * the kill interrupted. Waiting for several makes it unlikely that all of them finish in the milliseconds between the
 * count and the kill (on a quiet machine a lone call often did, and the kill interrupted nothing).
 */
export async function killWorkersWhen(
  stack: Stack,
  watch: ProcessWatch,
  sql: Pool,
  probeSql: string,
  timeoutMs: number,
  minimum = 3,
): Promise<{ workersKilled: number; seenBefore: number; interrupted: number }> {
  const until = Date.now() + timeoutMs;
  let seenBefore = 0;
  for (;;) {
    seenBefore = (await sql.query<{ n: number }>(probeSql)).rows[0].n;
    if (seenBefore >= minimum || (seenBefore > 0 && Date.now() >= until) || Date.now() >= until + timeoutMs) break;
    await sleep(5);
  }
  const live = stack.processes.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  await Promise.all(live.map((worker) => watch.kill(worker)));
  const interrupted = (await sql.query<{ n: number }>(probeSql)).rows[0].n;
  return { workersKilled: live.length, seenBefore, interrupted };
}

/** kill -9 of redis-server, then a start on an empty data folder: what a Redis without persistence comes back as. */
export async function restartRedisEmpty(redis: DisposableRedis, downMs: number): Promise<void> {
  await redis.kill();
  for (const entry of readdirSync(redis.dir)) rmSync(join(redis.dir, entry), { recursive: true, force: true });
  await sleep(downMs);
  await redis.start();
}
