import type { Figure, TargetRow } from './context';
import type { MachineFacts } from './machine';

export interface BenchResult {
  date: string;
  command: string;
  parts: string[];
  seconds: number;
  durationSeconds: number;
  machine: MachineFacts;
  figures: Figure[];
  /** API_PROCESSES given to the api (bench --api-processes=N); absent: the service's default. */
  apiProcesses?: number;
}

const cell = (values: Record<string, number | string>) =>
  Object.entries(values)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** A target row's verdict: met, reported, or missed with the gap (measured/target) and what bounds it. */
export function verdict(row: TargetRow): string {
  if (row.met === 'n/a') return 'n/a (reported)';
  if (row.met) return 'met';
  return `**missed**: ${row.gap ?? 'see the checks'}${row.bound ? `. Bound: ${row.bound}` : ''}`;
}

/** Issue 18's targets in its numbering, one row each, in the columns bench/README.md uses. */
export function targetTable(figures: readonly Figure[]): string[] {
  const rows = figures.flatMap((figure) => figure.targets ?? []);
  if (rows.length === 0) return [];
  return [
    '| target | measured | baseline | ratio | met? |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) => `| ${[row.target, row.measured, row.baseline, row.ratio, verdict(row)].map(escape).join(' | ')} |`,
    ),
  ];
}

/** The Markdown written beside the JSON: the targets table, one table of every figure, then checks, notes, profiles. */
export function toMarkdown(result: BenchResult): string {
  const { machine } = result;
  const lines = [
    `# Benchmark ${result.date}`,
    '',
    `Command: \`${result.command}\` (${result.durationSeconds} s in all; load runs of ${result.seconds} s).`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGb} GB, ${machine.os} (kernel ${machine.kernel}); ` +
      `Node ${machine.node}; ${machine.postgres.split(' on ')[0]} (${cell(machine.postgresSettings)}); Redis ${machine.redis}; ` +
      `${machine.pgbench}; autocannon ${machine.autocannon}; commit ${machine.gitCommit}${machine.gitDirty ? ' + local changes' : ''}; ` +
      `load average at start ${machine.loadAverageAtStart.join(' / ')}; ` +
      `api processes: ${result.apiProcesses === undefined ? "the service's default" : `API_PROCESSES=${result.apiProcesses}`}.`,
    '',
    ...(targetTable(result.figures).length > 0
      ? ["## Issue 18's targets", '', ...targetTable(result.figures), '', '## Every figure', '']
      : []),
    '| part | figure | measured | baseline | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.figures.map((f) => {
      const { what, ...baseline } = f.baseline;
      return `| ${f.part} | ${f.name} | ${cell(f.value)} | ${what}: ${cell(baseline)} | ${f.ratio}× | ${f.target} | ${f.informative ? 'n/a' : f.met ? 'met' : '**missed**'} |`;
    }),
    '',
  ];
  for (const f of result.figures) {
    lines.push(`- **${f.part}: ${f.name}**: ${f.checks.join('; ')}${f.notes ? `. ${f.notes.join('; ')}` : ''}`);
    if (f.resources) {
      lines.push(
        // RSS summed over many processes (postgres backends share their buffers) would mislead: cores only there.
        `  - CPU cores (max RSS MB per process): ${Object.entries(f.resources)
          .map(
            ([name, use]) =>
              `${name}${use.processes > 1 && name !== 'postgres' ? ` ×${use.processes}` : ''} ${use.cores}` +
              `${name === 'postgres' ? '' : ` (${Math.round(use.maxProcessRssMb)})`}`,
          )
          .join(', ')}`,
      );
    }
    if (f.machineCpu) {
      lines.push(
        `  - machine: ${f.machineCpu.busyCores} cores busy of ${result.machine.cpus}, ${f.machineCpu.stealPercent}% CPU steal`,
      );
    }
    for (const profile of f.profile ?? []) {
      lines.push(`  - profile \`${profile.file.split('/').slice(-2).join('/')}\` (${profile.busyMs} ms busy):`);
      lines.push(`    - by owner: ${profile.byOwner.map((o) => `${o.owner} ${o.percent}%`).join(', ')}`);
      lines.push(`    - top frames: ${profile.topFrames.map((t) => `\`${t.frame}\` ${t.percent}%`).join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
