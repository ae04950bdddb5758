import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BenchStack } from './bench-stack';
import type { BenchRedis } from './redis-process';
import type { ProfileSummary } from './cpu-profile';
import { machineCpuWindow, pidsNamed, ResourceSampler, type MachineCpu, type ResourceUse } from './resources';

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
}

export type Resources = Record<string, ResourceUse>;

/** What every part gets: the running stack, the run length, and the shared measuring tools. */
export class BenchContext {
  /** Highest RSS per process seen under load, by phase. */
  readonly memory: Record<string, Resources> = {};
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

  /** Runs `work` while sampling RSS and CPU of every process involved. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; resources: Resources; machineCpu: MachineCpu }> {
    const stack = this.stack;
    const sampler = new ResourceSampler({
      api: () => pidOf(stack.api.child.pid),
      ...Object.fromEntries(stack.workers.map((worker, i) => [`worker${i + 1}`, () => pidOf(worker.child.pid)])),
      sandbox: () => pidOf(stack.sandbox.child.pid),
      postgres: () => pidsNamed('postgres'),
      redis: () => pidsNamed('redis-server'),
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
      kept[name] = { maxRssMb: Math.max(kept[name]?.maxRssMb ?? 0, use.maxRssMb), cores: use.cores };
    }
    this.memory[phase] = kept;
  }

  /** A fresh folder for the .cpuprofile files of one profiling pass. */
  profileDir(name: string): string {
    return mkdtempSync(join(this.profileRoot, `${name}-`));
  }
}

const pidOf = (pid: number | undefined): number[] => (pid === undefined ? [] : [pid]);
