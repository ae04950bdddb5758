// `npm run bench [-- <part>...] [--seconds=N] [--no-profile] [--poller-max=N] [--export-rows=N] [--sources] [--api-processes=N]`: starts the service as real processes on
// a fresh database, measures each figure next to its baseline in the same run, and writes bench/results/<date>.json
// and .md. Parts: intake, webhooks, end-to-end, poller, export, memory (memory is read while the load parts run), batches,
// recon. See
// bench/README.md.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchStack } from './lib/bench-stack';
import { BenchRedis } from './lib/redis-process';
import { BenchContext, type Figure } from './lib/context';
import { machineFacts } from './lib/machine';
import { targetTable, toMarkdown, verdict, type BenchResult } from './lib/report';
import { processTable, processTree, rssMb } from './lib/resources';
import { benchBatches } from './parts/batches';
import { benchEndToEnd } from './parts/end-to-end';
import { benchExport } from './parts/export';
import { benchIntake } from './parts/intake';
import { memoryFigures } from './parts/memory';
import { benchPoller } from './parts/poller';
import { benchRecon } from './parts/recon';
import { benchWebhooks } from './parts/webhooks';

const PARTS = ['intake', 'webhooks', 'end-to-end', 'poller', 'export', 'memory', 'batches', 'recon'] as const;
type Part = (typeof PARTS)[number];

const say = (text: string) => process.stdout.write(`[bench] ${text}\n`);
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chosenParts(): Part[] {
  const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const unknown = named.filter((name) => !PARTS.includes(name as Part));
  if (unknown.length > 0) throw new Error(`unknown part(s) ${unknown.join(', ')}; parts: ${PARTS.join(', ')}`);
  const parts = named.length > 0 ? (named as Part[]) : [...PARTS];
  // Memory is read during load: alone, it needs the loads that exercise api and worker.
  if (parts.length === 1 && parts[0] === 'memory') return ['intake', 'end-to-end', 'memory'];
  return parts;
}

function databaseServer(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '';
  return url.toString().replace(/\/$/, '');
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const parts = chosenParts();
  const seconds = Number(option('seconds') ?? 10);
  const server = databaseServer();
  const apiProcesses = option('api-processes') === undefined ? undefined : Number(option('api-processes'));
  if (apiProcesses !== undefined && !(Number.isInteger(apiProcesses) && apiProcesses >= 1))
    throw new Error(`--api-processes wants a whole number ≥ 1, got ${option('api-processes')}`);
  const redis = new BenchRedis();
  await redis.start();
  const machine = await machineFacts(server, redis.url);
  say(`parts ${parts.join(', ')}; ${machine.cpus} cores, load average ${machine.loadAverageAtStart.join(' ')}`);

  const needsStack = parts.some((part) => part !== 'poller');
  let stack: BenchStack | undefined;
  const figures: Figure[] = [];
  try {
    const fromSources = process.argv.includes('--sources');
    say(fromSources ? 'running the service from the sources (@swc-node/register)' : 'running the compiled build');
    stack = needsStack
      ? await BenchStack.start({ server, redisUrl: redis.url, label: 'run', workers: 1, fromSources, apiProcesses })
      : undefined;
    const context = new BenchContext(stack!, redis, seconds, server, !process.argv.includes('--no-profile'));
    let idle = { apiMb: 0, workerMb: 0 };
    if (stack) {
      await sleep(3_000);
      // Per process: with API_PROCESSES > 1, the largest of the api's processes.
      const apiPids = processTree(processTable([]), stack.api.child.pid);
      idle = {
        apiMb: Math.max(0, ...apiPids.map((pid) => rssMb(pid) ?? 0)),
        workerMb: rssMb(stack.workers[0].child.pid!) ?? 0,
      };
      await stack.stopWorkers();
    }
    const run = async (part: Part, work: () => Promise<Figure[]>) => {
      if (!parts.includes(part)) return;
      const partStartedAt = Date.now();
      say(`${part}: running`);
      const done = await work();
      figures.push(...done);
      for (const figure of done) {
        say(
          `${part}: ${figure.name}: ${figure.checks.join('; ')} -> ${figure.informative ? 'n/a' : figure.met ? 'met' : 'MISSED'}`,
        );
        for (const row of figure.targets ?? []) say(`  ${row.target}: ${row.measured} -> ${verdict(row)}`);
      }
      say(`${part}: ${Math.round((Date.now() - partStartedAt) / 1000)} s`);
    };
    await run('intake', () => benchIntake(context));
    await run('webhooks', () => benchWebhooks(context));
    await run('end-to-end', () => benchEndToEnd(context));
    await run('poller', () => benchPoller(context, Number(option('poller-max') ?? 1_000_000)));
    await run('export', () => benchExport(context, Number(option('export-rows') ?? 1_000_000)));
    await run('memory', async () => memoryFigures(context, idle));
    await run('batches', () => benchBatches(context));
    await run('recon', () => benchRecon(context));
  } finally {
    // Each step on its own: a failed database drop must not leave redis-server or the build behind.
    await stack?.stop().catch((error: Error) => say(`stopping the stack: ${error.message}`));
    redis.stop();
  }

  const date = new Date().toISOString().slice(0, 10);
  const full = parts.length === PARTS.length;
  const result: BenchResult = {
    date,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    parts,
    seconds,
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    machine,
    figures,
    ...(apiProcesses === undefined ? {} : { apiProcesses }),
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const name =
    `${full ? date : `${date}-${parts.join('-')}`}${process.argv.includes('--sources') ? '-sources' : ''}` +
    `${apiProcesses === undefined ? '' : `-api${apiProcesses}`}`;
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), toMarkdown(result));
  for (const line of targetTable(figures)) process.stdout.write(`${line}\n`);
  say(`wrote bench/results/${name}.json and .md in ${result.durationSeconds} s`);
  const missed = figures.filter((figure) => !figure.met && !figure.informative);
  say(missed.length === 0 ? 'every target met' : `targets missed: ${missed.map((f) => f.name).join('; ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
