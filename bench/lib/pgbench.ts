import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { percentile, type LoadFigure } from './load';

const run = promisify(execFile);

export interface PgbenchParams {
  databaseUrl: string;
  script: string;
  clients: number;
  seconds: number;
  defines: Record<string, string>;
}

/**
 * pgbench with a custom script, prepared statements (the fastest way to send SQL: the ceiling for our transaction)
 * and a per-transaction log, from which p50/p99 come in the same units as autocannon's (ms).
 */
export async function runPgbench(params: PgbenchParams): Promise<LoadFigure & { tps: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pgbench-'));
  const scriptFile = join(dir, 'intake.sql');
  writeFileSync(scriptFile, params.script);
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(params.clients),
    '-j',
    '2',
    '-T',
    String(params.seconds),
    '-f',
    scriptFile,
    '-l',
    `--log-prefix=${join(dir, 'tx')}`,
    ...Object.entries(params.defines).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
    params.databaseUrl,
  ];
  const { stdout } = await run('pgbench', args, { maxBuffer: 16 * 1024 * 1024 });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1] ?? NaN);
  const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
  // Each log line: client_id transaction_no latency_us script_no epoch_s epoch_us.
  const latenciesMs: number[] = [];
  for (const file of readdirSync(dir).filter((name) => name.startsWith('tx'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 3) latenciesMs.push(Number(fields[2]) / 1_000);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  latenciesMs.sort((a, b) => a - b);
  return {
    connections: params.clients,
    seconds: params.seconds,
    perSecond: tps,
    tps,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    ok: latenciesMs.length,
    failed,
  };
}
