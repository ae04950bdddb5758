import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { waitUntil } from '../../test/support/processes';
import type { BenchContext, Figure, Resources } from '../lib/context';
import {
  databaseWork,
  heaviestReads,
  tableReads,
  workDelta,
  type DatabaseWork,
  type TableReads,
} from '../lib/database-work';
import { ratio, runHttpLoad } from '../lib/load';
import { profilePipeline } from '../lib/profiling';

const TARGET_PER_SECOND = 500;
const CONNECTIONS = 16;
const BODY = JSON.stringify({
  // Scenario 00: accepted, then the success webhook at once (SANDBOX_WEBHOOK_DELAY=0).
  amount: '250000',
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
});

interface PipelineRun {
  posted: number;
  succeeded: number;
  perSecond: number;
  intakePerSecond: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** Postgres transactions and rows, and Redis commands, per succeeded payout (everything the run caused). */
  perPayout: DatabaseWork & { redisCommands: number };
  /** The tables read the most during the run. */
  heaviestReads: TableReads[];
}

/**
 * Payouts from POST to `succeeded` through the sandbox (both providers, half each), with 1 and then 2 worker
 * processes: `count` payouts are posted as fast as the api takes them, and the rate is succeeded payouts over the
 * span from the first creation to the last completion. The baseline is the api's intake alone on this machine.
 */
export async function benchEndToEnd(context: BenchContext): Promise<Figure[]> {
  const { stack } = context;
  const count = 250 * context.seconds;
  await stack.call('POST', '/v1/routing/rules', {
    name: 'bench: half and half',
    priority: 1,
    targets: [
      { provider: 'pientegra', weight: 1 },
      { provider: 'sipay', weight: 1 },
    ],
    reason: 'benchmark',
  });
  const baseline = await measureIntakeAlone(context);
  const figures: Figure[] = [];
  for (const workers of [1, 2]) {
    await stack.stopWorkers();
    await context.emptyPayoutTables();
    for (let i = 0; i < workers; i++) await stack.addWorker();
    const { result, resources, machineCpu } = await context.measure(() => runPipeline(context, count));
    context.recordMemory('end-to-end', resources);
    figures.push({ ...pipelineFigure(workers, result, baseline, resources), machineCpu });
  }
  const two = figures[1];
  if (context.profiling && !two.met) {
    await context.emptyPayoutTables();
    const profiles = await profilePipeline(context, 'end-to-end', 2, () => runPipeline(context, Math.round(count / 2)));
    two.profile = [...profiles.workers, ...profiles.api];
  }
  await stack.stopWorkers();
  return figures;
}

async function measureIntakeAlone(context: BenchContext): Promise<number> {
  await context.stack.stopWorkers();
  const result = await postPayouts(context, { seconds: 5 });
  await context.emptyPayoutTables();
  return result.perSecond;
}

function postPayouts(context: BenchContext, limit: { seconds: number } | { amount: number }) {
  return runHttpLoad({
    url: `${context.stack.apiUrl}/v1/payouts`,
    connections: CONNECTIONS,
    seconds: 'seconds' in limit ? limit.seconds : 60,
    ...('amount' in limit ? { amount: limit.amount } : {}),
    headers: { authorization: `Bearer ${context.stack.key}`, 'content-type': 'application/json' },
    build: () => ({ headers: { 'idempotency-key': randomUUID() }, body: BODY }),
  });
}

async function runPipeline(context: BenchContext, count: number): Promise<PipelineRun> {
  const workBefore = await databaseWork(context.stack.databaseUrl);
  const readsBefore = await tableReads(context.stack.databaseUrl);
  const commandsBefore = await context.redis.commandsProcessed();
  const posted = await postPayouts(context, { amount: count });
  const sql = new Client({ connectionString: context.stack.databaseUrl });
  await sql.connect();
  try {
    let last = -1;
    let lastChangeAt = Date.now();
    // Until every payout succeeded, or nothing moved for 60 s (then the figure shows how many did).
    await waitUntil(
      async () => {
        const { rows } = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM payouts WHERE status = 'succeeded'`,
        );
        if (rows[0].n !== last) [last, lastChangeAt] = [rows[0].n, Date.now()];
        return rows[0].n >= posted.ok || Date.now() - lastChangeAt > 60_000;
      },
      30 * 60_000,
      'the pipeline to drain',
    );
    const { rows } = await sql.query<{ succeeded: number; span_s: number; p50_ms: number; p99_ms: number }>(
      `SELECT count(*)::int AS succeeded,
              extract(epoch FROM max(completed_at) - min(created_at))::float AS span_s,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000) AS p50_ms,
              percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000) AS p99_ms
       FROM payouts WHERE status = 'succeeded'`,
    );
    const [row] = rows;
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // statistics reach pg_stat_database within a second
    const work = workDelta(workBefore, await databaseWork(context.stack.databaseUrl));
    const commands = (await context.redis.commandsProcessed()) - commandsBefore;
    const reads = heaviestReads(readsBefore, await tableReads(context.stack.databaseUrl));
    const each = (value: number) => Math.round((value / Math.max(1, row.succeeded)) * 10) / 10;
    return {
      posted: posted.ok,
      succeeded: row.succeeded,
      perSecond: row.succeeded / row.span_s,
      intakePerSecond: posted.perSecond,
      p50Ms: Math.round(row.p50_ms),
      p99Ms: Math.round(row.p99_ms),
      seconds: Math.round(row.span_s * 10) / 10,
      perPayout: {
        transactions: each(work.transactions),
        rowsInserted: each(work.rowsInserted),
        rowsUpdated: each(work.rowsUpdated),
        rowsRead: each(work.rowsRead),
        redisCommands: each(commands),
      },
      heaviestReads: reads,
    };
  } finally {
    await sql.end();
  }
}

function pipelineFigure(workers: number, run: PipelineRun, intakeAlone: number, resources: Resources): Figure {
  const busiest = Object.entries(resources)
    .sort((a, b) => b[1].cores - a[1].cores)
    .map(([name, use]) => `${name} ${use.cores}`)
    .join(', ');
  const totalCores = Object.values(resources).reduce((sum, use) => sum + use.cores, 0);
  return {
    part: 'end-to-end',
    name: `POST to succeeded, ${workers} worker${workers > 1 ? 's' : ''}`,
    value: {
      perSecond: round(run.perSecond),
      succeeded: run.succeeded,
      posted: run.posted,
      seconds: run.seconds,
      postToSucceededP50Ms: run.p50Ms,
      postToSucceededP99Ms: run.p99Ms,
      intakeWhileRunningPerSecond: round(run.intakePerSecond),
    },
    baseline: { what: `POST /v1/payouts alone (no worker), ${CONNECTIONS} connections`, perSecond: round(intakeAlone) },
    ratio: ratio(run.perSecond, intakeAlone),
    target: workers === 2 ? `≥ ${TARGET_PER_SECOND}/s with 2 workers, or the bottleneck named` : 'reported (no target)',
    met: workers === 2 ? run.perSecond >= TARGET_PER_SECOND && run.succeeded === run.posted : true,
    checks: [
      `${round(run.perSecond)}/s = ${ratio(run.perSecond, TARGET_PER_SECOND)}× the ${TARGET_PER_SECOND}/s target`,
      `${run.succeeded} of ${run.posted} posted payouts succeeded`,
    ],
    resources,
    notes: [
      `CPU in cores: ${busiest}; total ${round(totalCores)}`,
      `per succeeded payout: ${Object.entries(run.perPayout)
        .map(([name, value]) => `${value} ${name}`)
        .join(', ')}`,
      `most read tables: ${run.heaviestReads
        .map(
          (t) => `${t.table} (${t.seqScans} seq scans reading ${t.seqRowsRead} rows, ${t.indexRowsFetched} by index)`,
        )
        .join(', ')}`,
    ],
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
