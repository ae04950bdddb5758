import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { gapText, whatBounds } from '../lib/bound';
import type { BenchContext, Figure, Resources } from '../lib/context';
import { ratio, runHttpLoad, type LoadFigure } from '../lib/load';
import { runPgbench } from '../lib/pgbench';
import { profileApi } from '../lib/profiling';
import { intakeScript } from './intake-sql';

const CONNECTIONS = [8, 32] as const;
const BODY = {
  amount: '250000',
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
  customer: { id: 'user-12345', label: 'Ahmet Y.' },
  reference: 'order-991',
  description: 'Winnings withdrawal',
  metadata: { orderId: '991' },
};

/**
 * POST /v1/payouts with autocannon at 8 and 32 connections, each next to pgbench running the same transaction's SQL
 * at the same concurrency for the same time. A worker runs during the api's run, as the service is deployed (issue
 * 18): it relays and dispatches what the intake creates, on the same cores. It is stopped for pgbench, whose payouts
 * carry no real beneficiary to dispatch. Tables are emptied before each run so both start from the same state.
 */
export async function benchIntake(context: BenchContext): Promise<Figure[]> {
  const { stack, seconds } = context;
  const post = () => ({
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify(BODY),
  });
  const load = (connections: number, duration: number) =>
    runHttpLoad({
      url: `${stack.apiUrl}/v1/payouts`,
      connections,
      seconds: duration,
      headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' },
      build: post,
    });

  await context.emptyPayoutTables();
  await load(8, 3); // warm-up: JIT, pools, caches
  const figures: Figure[] = [];
  for (const connections of CONNECTIONS) {
    await context.emptyPayoutTables();
    const sql = await runPgbench({
      databaseUrl: stack.databaseUrl,
      script: intakeScript(),
      clients: connections,
      seconds,
      defines: { client: stack.clientId },
    });
    context.pgbenchIntake.push({ connections, tps: sql.tps });
    await context.emptyPayoutTables();
    await stack.addWorker();
    const { result: api, resources, machineCpu } = await context.measure(() => load(connections, seconds));
    await stack.stopWorkers();
    context.recordMemory('intake', resources);
    const figure = intakeFigure(connections, api, sql, resources);
    figures.push({
      ...figure,
      machineCpu,
      targets: [targetRow(figure, api, sql, whatBounds(resources, machineCpu, os.cpus().length))],
    });
  }
  const worst = figures.at(-1)!;
  if (context.profiling && figures.some((figure) => !figure.met)) {
    // Where the api's time goes at the higher concurrency (profiling slows it; the figures above are unprofiled).
    await stack.addWorker();
    worst.profile = await profileApi(context, 'intake', () => load(32, seconds));
    await stack.stopWorkers();
  }
  return figures;
}

function intakeFigure(connections: number, api: LoadFigure, sql: LoadFigure, resources: Resources): Figure {
  const throughputRatio = ratio(api.perSecond, sql.perSecond);
  const p99Ratio = ratio(api.p99Ms, sql.p99Ms);
  const checks = [`≥ 0.5× pgbench: ${throughputRatio}×`, `p99 ≤ 2× pgbench's: ${api.p99Ms} ms, ${p99Ratio}×`];
  const met = throughputRatio >= 0.5 && p99Ratio <= 2 && api.failed === 0;
  return {
    part: 'intake',
    name: `POST /v1/payouts, ${connections} connections`,
    value: { perSecond: round(api.perSecond), p50Ms: api.p50Ms, p99Ms: api.p99Ms, ok: api.ok, failed: api.failed },
    baseline: {
      what: `pgbench, same transaction SQL, -c ${connections}`,
      perSecond: round(sql.perSecond),
      p50Ms: round(sql.p50Ms),
      p99Ms: round(sql.p99Ms),
    },
    ratio: throughputRatio,
    target: "≥ 0.5× pgbench, p99 ≤ 2× pgbench's, with a worker running",
    met,
    checks,
    resources,
  };
}

/** Issue 18, target 1: one row per concurrency, as bench/README.md shows it. */
function targetRow(figure: Figure, api: LoadFigure, sql: LoadFigure, bound: string) {
  const throughput = gapText('throughput', ratio(api.perSecond, sql.perSecond), 0.5, 'at least');
  const p99 = gapText('p99', ratio(api.p99Ms, sql.p99Ms), 2, 'at most');
  const missed = [throughput, p99].filter((check) => !check.met);
  return {
    target: `1. intake ≥ 0.5× pgbench and p99 ≤ 2× pgbench's, ${api.connections} connections, with a worker running`,
    measured: `${round(api.perSecond)}/s, p50 ${api.p50Ms} ms, p99 ${api.p99Ms} ms${api.failed > 0 ? `, ${api.failed} failed` : ''}`,
    baseline: `pgbench ${round(sql.perSecond)} tps, p99 ${round(sql.p99Ms)} ms`,
    ratio: `${figure.ratio}×; p99 ${ratio(api.p99Ms, sql.p99Ms)}×`,
    met: figure.met,
    ...(figure.met
      ? {}
      : { gap: missed.map((check) => check.text).join('; ') || `${api.failed} requests failed`, bound }),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
