import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import Redis from 'ioredis';
import { Client } from 'pg';

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  totalMemoryGb: number;
  os: string;
  kernel: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  redis: string;
  pgbench: string;
  autocannon: string;
  gitCommit: string;
  gitDirty: boolean;
  /** 1, 5 and 15 minute load averages when the run started: anything else busy on the machine shows here. */
  loadAverageAtStart: number[];
}

const quiet = (command: string, args: string[]): string => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};

/** Cores, memory and the versions of everything on the measured path, recorded with every result. */
export async function machineFacts(databaseServer: string, redisUrl: string): Promise<MachineFacts> {
  const sql = new Client({ connectionString: `${databaseServer}/postgres` });
  await sql.connect();
  const settings: Record<string, string> = {};
  let postgres = 'unknown';
  try {
    postgres = (await sql.query<{ v: string }>('SELECT version() AS v')).rows[0].v;
    for (const name of ['shared_buffers', 'max_connections', 'synchronous_commit', 'work_mem']) {
      settings[name] = (await sql.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0].v;
    }
  } finally {
    await sql.end();
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let redisVersion = 'unknown';
  try {
    await redis.connect();
    redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
  const osRelease = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  const autocannon = JSON.parse(readFileSync('node_modules/autocannon/package.json', 'utf8')) as { version: string };
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osRelease,
    kernel: os.release(),
    node: process.version,
    postgres,
    postgresSettings: settings,
    redis: redisVersion,
    pgbench: quiet('pgbench', ['--version']),
    autocannon: autocannon.version,
    gitCommit: quiet('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: quiet('git', ['status', '--porcelain']) !== '',
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
