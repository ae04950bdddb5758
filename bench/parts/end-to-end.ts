import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { waitUntil } from '../../test/support/processes';
import { cpuPerPayout, gapText, perPayout, whatBounds } from '../lib/bound';
import type { BenchContext, Figure, Resources, TargetRow } from '../lib/context';
import {
  CountedClient,
  databaseWork,
  heaviestReads,
  STATS_SETTLE_MS,
  tableReads,
  workDelta,
  type DatabaseWork,
  type TableReads,
} from '../lib/database-work';
import { percentile, ratio, runHttpLoad } from '../lib/load';
import { runOpenLoop, type OpenLoopResult } from '../lib/open-loop';
import { runPgbench } from '../lib/pgbench';
import { profilePipeline } from '../lib/profiling';
import { redisRequestsDelta, type RedisRequests } from '../lib/redis-requests';
import type { MachineCpu } from '../lib/resources';
import { intakeScript } from './intake-sql';

/** Issue 18, target 3. */
const TARGET = { toPgbench: 0.05, transactions: 8, redisRoundTrips: 12, cpuMs: 10 } as const;
const CONNECTIONS = 16;
const BODY = JSON.stringify({
  // Scenario 00: accepted, then the success webhook at once (SANDBOX_WEBHOOK_DELAY=0).
  amount: '250000',
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The service processes save their Redis request counts every second (lib/redis-requests-preload.js). */
const REDIS_COUNTS_SETTLE_MS = 1_100;

interface Posted {
  ok: number;
  failed: number;
  perSecond: number;
  open?: OpenLoopResult;
}

type Mode = 'saturation' | 'open-loop';

/** One run: payouts posted (closed- or open-loop) and followed to `succeeded`, with everything it cost. */
interface PipelineRun {
  mode: Mode;
  workers: number;
  posted: number;
  failed: number;
  succeeded: number;
  /** Succeeded payouts over the span from the first creation to the last completion. */
  perSecond: number;
  seconds: number;
  intakePerSecond: number;
  createToSucceeded: { p50Ms: number; p99Ms: number };
  /** Open loop: from the moment each request was due to its payout's completion (includes any intake queueing). */
  arrivalToSucceeded?: { p50Ms: number; p99Ms: number };
  open?: OpenLoopResult;
  /** The measured window (CPU, Redis): from the first request to the drain's end, s. */
  windowSeconds: number;
  /** From the window's end to the Postgres counters' second reading (the statistics' settle wait), s. */
  settleSeconds: number;
  /** Totals over the run (transactions already without the bench's own and the settle wait's idle ones). */
  work: DatabaseWork;
  /** Transactions the service ran while idle, per second (polling), measured after the runs of the same workers. */
  idleTransactionsPerSecond: number;
  redisRoundTrips: RedisRequests;
  redisCommands: number;
  heaviestReads: TableReads[];
  resources: Resources;
  machineCpu: MachineCpu;
}

/**
 * Payouts from POST to `succeeded` through the sandbox (both providers, half each), with 1 and then 2 worker
 * processes, measured two ways (issue 18, target 3): at saturation — 250 × --seconds payouts posted at 16 connections
 * as fast as the api takes them — and open-loop, at half the saturation rate just measured, for --seconds, with the
 * latency of each payout from creation to `succeeded`. Per succeeded payout: Postgres transactions
 * (pg_stat_database), Redis round trips (requests written by the service processes) and CPU ms over all our processes.
 * The throughput baseline is pgbench running the intake's transaction: the intake part's when it ran, else measured
 * here.
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
  const pgbench = await pgbenchBaseline(context);
  const figures: Figure[] = [];
  for (const workers of [1, 2]) {
    await stack.stopWorkers();
    await context.emptyPayoutTables();
    for (let i = 0; i < workers; i++) await stack.addWorker();
    const saturated = await runPipeline(context, workers, 'saturation', () => postClosedLoop(context, count));
    const rate = saturated.perSecond / 2;
    const open = await runPipeline(context, workers, 'open-loop', () =>
      postOpenLoop(context, rate, Math.max(1, Math.round(rate * context.seconds))),
    );
    // The polling the service does when idle, so that the settle waits' share can be taken out of each run.
    const idle = await idleTransactionsPerSecond(context);
    for (const run of [saturated, open]) {
      run.work.transactions -= Math.round(idle * run.settleSeconds);
      run.idleTransactionsPerSecond = idle;
      context.recordMemory('end-to-end', run.resources);
    }
    figures.push(saturationFigure(saturated, pgbench), openLoopFigure(open, saturated));
  }
  const two = figures.find((figure) => figure.name === 'at saturation, 2 workers')!;
  if (context.profiling && !two.met) {
    await context.emptyPayoutTables();
    const profiles = await profilePipeline(context, 'end-to-end', 2, async () => {
      const posted = await postClosedLoop(context, Math.round(count / 2));
      const sql = new CountedClient(stack.databaseUrl);
      await sql.connect();
      await drain(sql, 0, posted.ok).finally(() => sql.end());
    });
    two.profile = [...profiles.workers, ...profiles.api];
  }
  await stack.stopWorkers();
  return figures;
}

async function pgbenchBaseline(context: BenchContext): Promise<{ tps: number; what: string }> {
  const fromIntake = [...context.pgbenchIntake].sort((a, b) => b.tps - a.tps)[0];
  if (fromIntake)
    return {
      tps: fromIntake.tps,
      what: `pgbench intake, -c ${fromIntake.connections} (the intake part's, the higher of its runs)`,
    };
  await context.stack.stopWorkers();
  await context.emptyPayoutTables();
  const seconds = Math.min(5, context.seconds);
  const sql = await runPgbench({
    databaseUrl: context.stack.databaseUrl,
    script: intakeScript(),
    clients: CONNECTIONS,
    seconds,
    defines: { client: context.stack.clientId },
  });
  await context.emptyPayoutTables();
  return { tps: sql.tps, what: `pgbench intake, -c ${CONNECTIONS}, ${seconds} s, no worker (measured here)` };
}

const headers = (context: BenchContext) => ({
  authorization: `Bearer ${context.stack.key}`,
  'content-type': 'application/json',
});
const newPayout = () => ({ headers: { 'idempotency-key': randomUUID() }, body: BODY });

/** `count` payouts at 16 connections, each sent as soon as a connection is free (closed loop). */
async function postClosedLoop(context: BenchContext, count: number): Promise<Posted> {
  const posted = await runHttpLoad({
    url: `${context.stack.apiUrl}/v1/payouts`,
    connections: CONNECTIONS,
    seconds: 60,
    amount: count,
    headers: headers(context),
    build: newPayout,
  });
  return { ok: posted.ok, failed: posted.failed, perSecond: posted.perSecond };
}

/** `count` payouts at a constant `rate`, whatever the answers (open loop). */
async function postOpenLoop(context: BenchContext, rate: number, count: number): Promise<Posted> {
  const open = await runOpenLoop({
    url: `${context.stack.apiUrl}/v1/payouts`,
    ratePerSecond: rate,
    count,
    headers: headers(context),
    build: newPayout,
  });
  return { ok: open.ok, failed: open.failed, perSecond: open.keptRatePerSecond, open };
}

/** Until `expected` payouts created since `sinceMs` succeeded, or nothing moved for 60 s. */
async function drain(sql: CountedClient, sinceMs: number, expected: number): Promise<void> {
  let last = -1;
  let lastChangeAt = Date.now();
  await waitUntil(
    async () => {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM payouts WHERE status = 'succeeded' AND created_at >= to_timestamp($1 / 1000.0)`,
        [sinceMs],
      );
      if (rows[0].n !== last) [last, lastChangeAt] = [rows[0].n, Date.now()];
      return rows[0].n >= expected || Date.now() - lastChangeAt > 60_000;
    },
    30 * 60_000,
    'the pipeline to drain',
  );
}

async function runPipeline(
  context: BenchContext,
  workers: number,
  mode: Mode,
  post: () => Promise<Posted>,
): Promise<PipelineRun> {
  const { stack } = context;
  // The bench's own statements in the database (draining, latencies, table statistics) are counted and taken out.
  const sql = new CountedClient(stack.databaseUrl);
  await sql.connect();
  const readsBefore = await tableReads(sql);
  await sleep(REDIS_COUNTS_SETTLE_MS);
  const workBefore = await databaseWork(context.server, stack.databaseName);
  const roundTripsBefore = stack.redisRequestsSoFar();
  const commandsBefore = await context.redis.commandsProcessed();
  const startedAt = Date.now();
  const { result, resources, machineCpu } = await context.measure(async () => {
    const posted = await post();
    await drain(sql, startedAt, posted.ok);
    const { rows } = await sql.query<{ id: string; created_ms: number; completed_ms: number }>(
      `SELECT id, extract(epoch FROM created_at)::float * 1000 AS created_ms,
              extract(epoch FROM completed_at)::float * 1000 AS completed_ms
       FROM payouts WHERE status = 'succeeded' AND created_at >= to_timestamp($1 / 1000.0)`,
      [startedAt],
    );
    await sleep(REDIS_COUNTS_SETTLE_MS);
    return { posted, rows, roundTrips: stack.redisRequestsSoFar(), commands: await context.redis.commandsProcessed() };
  });
  const endedAt = Date.now();
  await sql.end();
  // Backends flush their statistics late: wait until every one has (the idle polling meanwhile is taken out later).
  await sleep(STATS_SETTLE_MS);
  const workAfter = await databaseWork(context.server, stack.databaseName);
  const settleSeconds = (Date.now() - endedAt) / 1_000;
  const work = workDelta(workBefore, workAfter);
  work.transactions -= sql.transactions;
  const after = new CountedClient(stack.databaseUrl);
  await after.connect();
  const reads = heaviestReads(readsBefore, await tableReads(after));
  await after.end();

  const { posted, rows } = result;
  const created = rows.map((row) => row.created_ms);
  const completed = rows.map((row) => row.completed_ms);
  const span = rows.length > 0 ? (Math.max(...completed) - Math.min(...created)) / 1_000 : NaN;
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const createToSucceeded = sorted(rows.map((row) => row.completed_ms - row.created_ms));
  const dueAt = posted.open?.dueAtById;
  const arrival = dueAt
    ? sorted(rows.filter((row) => dueAt.has(row.id)).map((row) => row.completed_ms - dueAt.get(row.id)!))
    : undefined;
  return {
    mode,
    workers,
    posted: posted.ok,
    failed: posted.failed,
    succeeded: rows.length,
    perSecond: rows.length / span,
    seconds: round(span),
    intakePerSecond: posted.perSecond,
    createToSucceeded: latency(createToSucceeded),
    ...(arrival ? { arrivalToSucceeded: latency(arrival) } : {}),
    ...(posted.open ? { open: posted.open } : {}),
    windowSeconds: round((endedAt - startedAt) / 1_000),
    settleSeconds,
    work,
    idleTransactionsPerSecond: 0,
    redisRoundTrips: redisRequestsDelta(roundTripsBefore, result.roundTrips),
    redisCommands: result.commands - commandsBefore,
    heaviestReads: reads,
    resources,
    machineCpu,
  };
}

/** The service's transactions per second with nothing to do (its polling), over one settle wait. */
async function idleTransactionsPerSecond(context: BenchContext): Promise<number> {
  const { stack } = context;
  const before = await databaseWork(context.server, stack.databaseName);
  await sleep(STATS_SETTLE_MS);
  const after = await databaseWork(context.server, stack.databaseName);
  return round((after.transactions - before.transactions) / (STATS_SETTLE_MS / 1_000));
}

const latency = (sorted: number[]) => ({
  p50Ms: Math.round(percentile(sorted, 50)),
  p99Ms: Math.round(percentile(sorted, 99)),
});

/** Per succeeded payout: the three counters of target 3, each against its limit. */
function perPayoutFigures(run: PipelineRun) {
  const roundTrips = Object.values(run.redisRoundTrips).reduce((sum, n) => sum + n, 0);
  const ourRoundTrips = roundTrips - (run.redisRoundTrips.sandbox ?? 0);
  const cpu = cpuPerPayout(run.resources, run.succeeded);
  const each = {
    transactions: perPayout(run.work.transactions, run.succeeded),
    redisRoundTrips: perPayout(ourRoundTrips, run.succeeded),
    cpuMs: cpu.oursMs,
  };
  const checks = [
    gapText('Postgres transactions', each.transactions, TARGET.transactions, 'at most'),
    gapText('Redis round trips', each.redisRoundTrips, TARGET.redisRoundTrips, 'at most'),
    gapText('CPU ms', each.cpuMs, TARGET.cpuMs, 'at most'),
  ];
  const byRole = Object.entries(run.redisRoundTrips)
    .filter(([role]) => role !== 'sandbox')
    .map(([role, n]) => `${role} ${perPayout(n, run.succeeded)}`)
    .join(', ');
  const cpuBy = Object.entries(cpu.byProcess)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ');
  const notOurs = Object.entries(cpu.notOurs)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ');
  const idleShare = perPayout(run.idleTransactionsPerSecond * run.windowSeconds, run.succeeded);
  return { each, checks, byRole, cpuBy, notOurs, idleShare, cpu };
}

function perPayoutRow(run: PipelineRun, label: string): TargetRow {
  const { each, checks, byRole, cpuBy, notOurs, idleShare } = perPayoutFigures(run);
  const missed = checks.filter((check) => !check.met);
  return {
    target: `3. per succeeded payout, ${label}: ≤ ${TARGET.transactions} Postgres transactions, ≤ ${TARGET.redisRoundTrips} Redis round trips, ≤ ${TARGET.cpuMs} ms CPU`,
    measured:
      `${each.transactions} transactions (${perPayout(run.work.rowsInserted, run.succeeded)} rows inserted, ` +
      `${perPayout(run.work.rowsUpdated, run.succeeded)} updated); ${each.redisRoundTrips} Redis round trips ` +
      `(${perPayout(run.redisCommands, run.succeeded)} commands); ${each.cpuMs} ms CPU`,
    baseline: `the limits; not ours, not counted: ${notOurs} ms CPU`,
    ratio: `${ratio(each.transactions, TARGET.transactions)}× / ${ratio(each.redisRoundTrips, TARGET.redisRoundTrips)}× / ${ratio(each.cpuMs, TARGET.cpuMs)}× the limits`,
    met: missed.length === 0,
    ...(missed.length > 0
      ? {
          gap: missed.map((check) => check.text).join('; '),
          bound:
            `where it goes: CPU ms ${cpuBy}; Redis round trips ${byRole}; of the transactions ≈ ${idleShare} are ` +
            `the service's polling when idle (${run.idleTransactionsPerSecond}/s over ${run.windowSeconds} s)`,
        }
      : {}),
  };
}

function runValue(run: PipelineRun): Record<string, number | string> {
  const { each, cpu } = perPayoutFigures(run);
  return {
    perSecond: round(run.perSecond),
    succeeded: run.succeeded,
    posted: run.posted,
    failed: run.failed,
    seconds: run.seconds,
    createToSucceededP50Ms: run.createToSucceeded.p50Ms,
    createToSucceededP99Ms: run.createToSucceeded.p99Ms,
    ...(run.arrivalToSucceeded
      ? {
          arrivalToSucceededP50Ms: run.arrivalToSucceeded.p50Ms,
          arrivalToSucceededP99Ms: run.arrivalToSucceeded.p99Ms,
        }
      : {}),
    intakePerSecond: round(run.intakePerSecond),
    transactionsPerPayout: each.transactions,
    redisRoundTripsPerPayout: each.redisRoundTrips,
    redisCommandsPerPayout: perPayout(run.redisCommands, run.succeeded),
    cpuMsPerPayout: each.cpuMs,
    ...Object.fromEntries(Object.entries(cpu.byProcess).map(([name, ms]) => [`cpuMsPerPayout.${name}`, ms])),
    ...Object.fromEntries(Object.entries(cpu.notOurs).map(([name, ms]) => [`cpuMsPerPayout.${name}`, ms])),
    idleTransactionsPerSecond: run.idleTransactionsPerSecond,
  };
}

function runNotes(run: PipelineRun): string[] {
  const { byRole, cpuBy } = perPayoutFigures(run);
  return [
    `per succeeded payout: ${perPayout(run.work.rowsRead, run.succeeded)} rows read; Redis round trips by process: ${byRole}; CPU ms by process: ${cpuBy}`,
    `most read tables: ${run.heaviestReads
      .map((t) => `${t.table} (${t.seqScans} seq scans reading ${t.seqRowsRead} rows, ${t.indexRowsFetched} by index)`)
      .join(', ')}`,
  ];
}

const workersLabel = (workers: number) => `${workers} worker${workers > 1 ? 's' : ''}`;

function saturationFigure(run: PipelineRun, pgbench: { tps: number; what: string }): Figure {
  const label = `at saturation, ${workersLabel(run.workers)}`;
  // Three decimals: the target is 0.05×, two would round 0.046× up to met.
  const toPgbench = Math.round((run.perSecond / pgbench.tps) * 1_000) / 1_000;
  const throughput = gapText('throughput', toPgbench, TARGET.toPgbench, 'at least');
  const perPayoutRowOf = perPayoutRow(run, label);
  const bound = whatBounds(run.resources, run.machineCpu, os.cpus().length);
  return {
    part: 'end-to-end',
    name: label,
    value: runValue(run),
    baseline: { what: pgbench.what, perSecond: round(pgbench.tps) },
    ratio: toPgbench,
    target: `≥ ${TARGET.toPgbench}× pgbench's intake tps; per payout ≤ ${TARGET.transactions} transactions, ≤ ${TARGET.redisRoundTrips} Redis round trips, ≤ ${TARGET.cpuMs} ms CPU`,
    met: throughput.met && perPayoutRowOf.met === true && run.succeeded === run.posted,
    checks: [
      `${round(run.perSecond)}/s = ${toPgbench}× pgbench (${throughput.text})`,
      `${run.succeeded} of ${run.posted} posted payouts succeeded (${run.failed} not accepted)`,
      `create → succeeded p50 ${run.createToSucceeded.p50Ms} ms, p99 ${run.createToSucceeded.p99Ms} ms`,
    ],
    resources: run.resources,
    machineCpu: run.machineCpu,
    notes: runNotes(run),
    targets: [
      {
        target: `3. end to end ≥ ${TARGET.toPgbench}× pgbench's intake tps, ${label} (${run.posted.toLocaleString('en')} payouts at ${CONNECTIONS} connections)`,
        measured: `${round(run.perSecond)}/s; create → succeeded p50 ${run.createToSucceeded.p50Ms} ms, p99 ${run.createToSucceeded.p99Ms} ms; ${run.succeeded} of ${run.posted} succeeded`,
        baseline: `${pgbench.what}: ${round(pgbench.tps)} tps`,
        ratio: `${toPgbench}×`,
        met: throughput.met && run.succeeded === run.posted,
        ...(throughput.met ? {} : { gap: throughput.text, bound }),
      },
      perPayoutRowOf,
    ],
  };
}

function openLoopFigure(run: PipelineRun, saturated: PipelineRun): Figure {
  const label = `open-loop at half the saturation rate, ${workersLabel(run.workers)}`;
  const open = run.open!;
  const perPayoutRowOf = perPayoutRow(run, label);
  const arrival = run.arrivalToSucceeded ?? { p50Ms: NaN, p99Ms: NaN };
  const kept = ratio(open.keptRatePerSecond, open.ratePerSecond);
  const measured =
    `${round(open.ratePerSecond)}/s asked for ${round(open.sent / open.ratePerSecond)} s (${round(open.keptRatePerSecond)}/s kept, ` +
    `sent late by p99 ${open.lagP99Ms} ms); ${run.succeeded} of ${open.sent} succeeded; ` +
    `create → succeeded p50 ${run.createToSucceeded.p50Ms} ms, p99 ${run.createToSucceeded.p99Ms} ms; ` +
    `due → succeeded p50 ${arrival.p50Ms} ms, p99 ${arrival.p99Ms} ms`;
  return {
    part: 'end-to-end',
    name: label,
    value: {
      ...runValue(run),
      askedPerSecond: round(open.ratePerSecond),
      keptPerSecond: round(open.keptRatePerSecond),
      sendLagP99Ms: open.lagP99Ms,
      sendLagMaxMs: open.lagMaxMs,
      answerP50Ms: open.answerP50Ms,
      answerP99Ms: open.answerP99Ms,
    },
    baseline: {
      what: `the saturation rate just measured (${workersLabel(run.workers)})`,
      perSecond: round(saturated.perSecond),
    },
    ratio: ratio(open.ratePerSecond, saturated.perSecond),
    target: `latency reported; per payout ≤ ${TARGET.transactions} transactions, ≤ ${TARGET.redisRoundTrips} Redis round trips, ≤ ${TARGET.cpuMs} ms CPU`,
    met: perPayoutRowOf.met === true && run.succeeded === open.sent,
    checks: [
      `arrivals ${round(open.ratePerSecond)}/s asked, ${round(open.keptRatePerSecond)}/s kept (${kept}×); the generator sent late by p99 ${open.lagP99Ms} ms, at most ${open.lagMaxMs} ms`,
      `${run.succeeded} of ${open.sent} succeeded (${run.failed} not accepted); answers p50 ${open.answerP50Ms} ms, p99 ${open.answerP99Ms} ms`,
      `create → succeeded p50 ${run.createToSucceeded.p50Ms} ms, p99 ${run.createToSucceeded.p99Ms} ms; due → succeeded p50 ${arrival.p50Ms} ms, p99 ${arrival.p99Ms} ms`,
    ],
    resources: run.resources,
    machineCpu: run.machineCpu,
    notes: runNotes(run),
    targets: [
      {
        target: `3. end to end ${label}: latency create → succeeded (p50, p99)`,
        measured,
        baseline: `saturation ${round(saturated.perSecond)}/s`,
        ratio: `${ratio(open.ratePerSecond, saturated.perSecond)}× the saturation rate`,
        met: 'n/a',
      },
      perPayoutRowOf,
    ],
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
