import type { Figure } from './context';
import type { MachineFacts } from './machine';

export interface BenchResult {
  date: string;
  command: string;
  parts: string[];
  seconds: number;
  durationSeconds: number;
  machine: MachineFacts;
  figures: Figure[];
}

const cell = (values: Record<string, number | string>) =>
  Object.entries(values)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');

/** The Markdown written beside the JSON: one table of every figure, then checks, notes and profiles. */
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
      `load average at start ${machine.loadAverageAtStart.join(' / ')}.`,
    '',
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
        `  - CPU cores (max RSS MB): ${Object.entries(f.resources)
          .map(([name, use]) => `${name} ${use.cores}${name === 'postgres' ? '' : ` (${Math.round(use.maxRssMb)})`}`)
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
