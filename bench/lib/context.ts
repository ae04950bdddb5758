import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BenchStack } from './bench-stack';
import type { BenchRedis } from './redis-process';
import type { ProfileSummary } from './cpu-profile';
import {
  isOurPostgresProcess,
  machineCpuWindow,
  processTree,
  ResourceSampler,
  type MachineCpu,
  type ResourceUse,
} from './resources';

/** One row of the targets table (issue 18's targets, in its numbering), as the README shows it. */
export interface TargetRow {
  target: string;
  measured: string;
  baseline: string;
  /** The ratio(s) to the baseline or to the limit, as text ("0.07×; p99 14.1×"). */
  ratio: string;
  /** 'n/a': reported beside a target, not one. */
  met: boolean | 'n/a';
  /** When missed: measured/target of each condition missed. */
  gap?: string;
  /** When missed: what bounds it, from the per-process CPU of the same run. */
  bound?: string;
}

/** One measured figure next to its baseline, as it goes into the results JSON and the Markdown table. */
export interface Figure {
  part: string;
  name: string;
  value: Record<string, number | string>;
  baseline: { what: string } & Record<string, number | string>;
  /** value / baseline of the headline number (throughput, or time for the poller). */
  ratio: number;
  target: string;
  met: boolean;
  /** Measured for context; no target of the issue. */
  informative?: boolean;
  /** Each condition of the target with the measured number, e.g. "p99 < 50 ms: 31 ms". */
  checks: string[];
  resources?: Record<string, ResourceUse>;
  machineCpu?: MachineCpu;
  profile?: ProfileSummary[];
  notes?: string[];
  /** Its rows in the targets table. */
  targets?: TargetRow[];
}

export type Resources = Record<string, ResourceUse>;

/** What every part gets: the running stack, the run length, and the shared measuring tools. */
export class BenchContext {
  /** Highest RSS per process seen under load, by phase. */
  readonly memory: Record<string, Resources> = {};
  /** pgbench's intake tps per connection count, when the intake part ran (end-to-end's throughput baseline). */
  readonly pgbenchIntake: { connections: number; tps: number }[] = [];
  private readonly profileRoot = mkdtempSync(join(tmpdir(), 'bench-profiles-'));

  constructor(
    readonly stack: BenchStack,
    readonly redis: BenchRedis,
    readonly seconds: number,
    readonly server: string,
    readonly profiling: boolean,
  ) {}

  /** The payout tables emptied (clients, routing rules and the audit log stay), so every run starts alike. */
  async emptyPayoutTables(): Promise<void> {
    const client = new Client({ connectionString: this.stack.databaseUrl });
    await client.connect();
    try {
      // Requests the load generator gave up on at the end of a run may still be inserting; TRUNCATE can deadlock
      // with one of them (it locks the tables one by one), so it is simply tried again.
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query('TRUNCATE payouts, outbox, webhook_inbox CASCADE');
          return;
        } catch (error) {
          if (attempt >= 5 || (error as { code?: string }).code !== '40P01') throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      await client.end();
    }
  }

  /**
   * Runs `work` while sampling RSS and CPU of every process involved: the api with every process it forked
   * (API_PROCESSES), each worker, the sandbox, the Postgres server's processes that work for the bench's database
   * (its backends, the postmaster and the server-wide background writers; not other databases' backends), the
   * bench's own redis-server, and the load generator (this process).
   */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; resources: Resources; machineCpu: MachineCpu }> {
    const stack = this.stack;
    const database = stack.databaseName;
    const sampler = new ResourceSampler({
      api: (table) => processTree(table, stack.api.child.pid),
      ...Object.fromEntries(
        stack.workers.map((worker, i) => [`worker${i + 1}`, (table) => processTree(table, worker.child.pid)]),
      ),
      sandbox: (table) => processTree(table, stack.sandbox.child.pid),
      postgres: (table) =>
        table
          .filter((entry) => entry.comm === 'postgres' && isOurPostgresProcess(entry.cmdline ?? '', database))
          .map((entry) => entry.pid),
      redis: (table) => processTree(table, this.redis.pid),
      'load generator': () => [process.pid],
    });
    sampler.start();
    const window = machineCpuWindow();
    try {
      const result = await work();
      return { result, resources: sampler.stop(), machineCpu: window() };
    } catch (error) {
      sampler.stop();
      throw error;
    }
  }

  recordMemory(phase: string, resources: Resources): void {
    const kept = this.memory[phase] ?? {};
    for (const [name, use] of Object.entries(resources)) {
      if (!(name === 'api' || name.startsWith('worker'))) continue;
      kept[name] = {
        ...use,
        maxRssMb: Math.max(kept[name]?.maxRssMb ?? 0, use.maxRssMb),
        maxProcessRssMb: Math.max(kept[name]?.maxProcessRssMb ?? 0, use.maxProcessRssMb),
      };
    }
    this.memory[phase] = kept;
  }

  /** A fresh folder for the .cpuprofile files of one profiling pass. */
  profileDir(name: string): string {
    return mkdtempSync(join(this.profileRoot, `${name}-`));
  }
}
