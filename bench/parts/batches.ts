import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { waitUntil } from '../../test/support/processes';
import type { BenchContext, Figure } from '../lib/context';
import { percentile, ratio } from '../lib/load';
import { processTree, processTable, rssMb } from '../lib/resources';
import { batchInsertScript } from './batch-sql';

/** Issue 16, "Numbers". */
const TARGET = { intakeToPgbench: 5, latencyRatio: 2, rssMb: 300 } as const;
const TARGET_LATENCY_RATIO = TARGET.latencyRatio;
const BATCH_ITEMS = 10_000;
const INTAKE_RUNS = 3;
const PGBENCH_TRANSACTIONS = 5;
const SINGLES = 20;
const SINGLE_EVERY_MS = 250;
const IBAN = 'TR320010009999901234567890';
const NATIONAL_ID = '10000000146';
const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const jsonItems = (items: number, amount: string, tag: string) =>
  Array.from({ length: items }, (_, i) => ({
    amount,
    currency: 'TRY',
    beneficiary: { name: 'Ahmet Yılmaz', iban: IBAN, nationalId: NATIONAL_ID },
    itemReference: `${tag}-${i + 1}`,
  }));

/** A CSV of `items` rows (RFC 4180, UTF-8 with Turkish characters), the spec's header. */
const csvBody = (items: number): string =>
  [
    'amount,currency,beneficiaryName,iban,nationalId,reference,description,itemReference,provider,scheduledFor',
    ...Array.from(
      { length: items },
      (_, i) => `250000,TRY,Ahmet Yılmaz,${IBAN},${NATIONAL_ID},ref-${i},"Ödeme, Mayıs",csv-${i + 1},,`,
    ),
  ].join('\r\n');

async function postBatch(
  context: BenchContext,
  body: string,
  contentType: string,
): Promise<{ status: number; ms: number; id?: string; text: string }> {
  const started = performance.now();
  const response = await fetch(`${context.stack.apiUrl}/v1/payout-batches`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${context.stack.key}`,
      'content-type': contentType,
      'idempotency-key': randomUUID(),
    },
    body,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let id: string | undefined;
  try {
    id = (JSON.parse(text) as { id?: string }).id;
  } catch {
    id = undefined;
  }
  return { status: response.status, ms, text, ...(id ? { id } : {}) };
}

/**
 * Issue 16's three batch numbers, each beside its baseline in the same run (decision 0012 for the lifecycle):
 *
 * - intake: `POST /v1/payout-batches` with 10,000 JSON items, validated and stored (median of 3, wall clock from the
 *   request to the 201), against pgbench inserting the same rows in one transaction (`batch-sql.ts`, latency average
 *   of 5 transactions, one client, prepared statements); target ≤ 5×.
 * - memory: the api's RSS (every 250 ms, its largest process) while a 10,000-row CSV is posted and parsed, on a
 *   restarted api, against the same process idle; target < 300 MB. The JSON runs' peak is reported with the intake.
 * - fair share: the dispatch latency of single payouts (created_at -> the applied `submitting` event: outbox relay,
 *   queue, routing, the send claim), one every 250 ms, first with nothing else to do, then while a 10,000-item batch
 *   dispatches through the feeder with the production window; target: the loaded maximum ≤ 2× the unloaded maximum.
 *
 * The intake and memory runs have no worker (the items stay pending); the fair-share run has one.
 */
export async function benchBatches(context: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  await context.emptyPayoutTables();
  figures.push(await intakeFigure(context));
  await context.emptyPayoutTables();
  figures.push(await memoryFigure(context));
  await context.emptyPayoutTables();
  figures.push(await fairShareFigure(context));
  return figures;
}

async function intakeFigure(context: BenchContext): Promise<Figure> {
  const runs: number[] = [];
  const { resources } = await context.measure(async () => {
    for (let run = 0; run < INTAKE_RUNS; run++) {
      const body = JSON.stringify({ reference: `bench-${run}`, items: jsonItems(BATCH_ITEMS, '250000', `r${run}`) });
      const answer = await postBatch(context, body, 'application/json');
      if (answer.status !== 201)
        throw new Error(`the batch intake answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      runs.push(answer.ms);
    }
  });
  runs.sort((a, b) => a - b);
  const httpMs = Math.round(percentile(runs, 50));
  const pgbenchMs = await pgbenchBatchMs(context);
  const headline = ratio(httpMs, pgbenchMs);
  const met = headline <= TARGET.intakeToPgbench;
  return {
    part: 'batches',
    name: 'a 10,000-item batch validated and stored through the API',
    value: {
      medianMs: httpMs,
      runsMs: runs.map(Math.round).join(', '),
      items: BATCH_ITEMS,
      // The JSON path reads its body whole: reported beside the CSV's streamed figure.
      apiMaxRssMb: Math.round(resources.api.maxProcessRssMb),
    },
    baseline: { what: 'pgbench inserting the same rows in one transaction', latencyMs: pgbenchMs },
    ratio: headline,
    target: `≤ ${TARGET.intakeToPgbench}× pgbench`,
    met,
    checks: [
      `${httpMs} ms vs pgbench ${pgbenchMs} ms: ${headline}×`,
      `api max RSS ${Math.round(resources.api.maxProcessRssMb)} MB`,
    ],
    resources,
    targets: [
      {
        target: `16: a 10,000-item batch validated and stored in ≤ ${TARGET.intakeToPgbench}× pgbench's time for the same rows`,
        measured: `${httpMs} ms (median of ${INTAKE_RUNS})`,
        baseline: `${pgbenchMs} ms`,
        ratio: `${headline}×`,
        met,
        ...(met ? {} : { gap: `${ratio(headline, TARGET.intakeToPgbench)}× the target` }),
      },
    ],
  };
}

/** pgbench's latency average for the batch's rows, one client, PGBENCH_TRANSACTIONS transactions. */
async function pgbenchBatchMs(context: BenchContext): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-batch-pgbench-'));
  try {
    const script = join(dir, 'batch.sql');
    writeFileSync(script, batchInsertScript(BATCH_ITEMS));
    const { stdout } = await exec(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        '1',
        '-j',
        '1',
        '-t',
        String(PGBENCH_TRANSACTIONS),
        '-f',
        script,
        '-D',
        `client=${context.stack.clientId}`,
        context.stack.databaseUrl,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const average = /latency average = ([\d.]+) ms/.exec(stdout)?.[1];
    if (!average) throw new Error(`pgbench gave no latency: ${stdout.slice(-500)}`);
    return Math.round(Number(average));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function memoryFigure(context: BenchContext): Promise<Figure> {
  // A fresh api: the JSON runs before left its heap grown (V8 keeps it), which is not what a CSV costs.
  await context.stack.restartApi();
  await sleep(3_000);
  const apiPids = () => processTree(processTable([]), context.stack.api.child.pid);
  const idleMb = Math.round(Math.max(0, ...apiPids().map((pid) => rssMb(pid) ?? 0)));
  const csv = csvBody(BATCH_ITEMS);
  const { result: answer, resources } = await context.measure(() => postBatch(context, csv, 'text/csv'));
  if (answer.status !== 201) throw new Error(`the CSV batch answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  const peakMb = Math.round(resources.api.maxProcessRssMb);
  const met = peakMb < TARGET.rssMb;
  return {
    part: 'batches',
    name: 'api RSS while a 10,000-row CSV is posted and parsed',
    value: { maxRssMb: peakMb, csvBytes: Buffer.byteLength(csv), ms: Math.round(answer.ms) },
    baseline: { what: 'the api idle', rssMb: idleMb },
    ratio: ratio(peakMb, idleMb),
    target: `< ${TARGET.rssMb} MB`,
    met,
    checks: [`max RSS ${peakMb} MB (idle ${idleMb} MB)`],
    resources,
    targets: [
      {
        target: `16: memory < ${TARGET.rssMb} MB per process while a 10,000-row CSV is parsed (api)`,
        measured: `${peakMb} MB`,
        baseline: `${idleMb} MB idle`,
        ratio: `${ratio(peakMb, TARGET.rssMb)}× the limit`,
        met,
        ...(met ? {} : { gap: `${ratio(peakMb, TARGET.rssMb)}× the limit` }),
      },
    ],
  };
}

async function fairShareFigure(context: BenchContext): Promise<Figure> {
  const stack = context.stack;
  await stack.addWorker();
  const sql = new Client({ connectionString: stack.databaseUrl });
  await sql.connect();
  try {
    const unloaded = await singlesLatency(context, sql);
    const created = await postBatch(
      context,
      JSON.stringify({ reference: 'bench-fair-share', items: jsonItems(BATCH_ITEMS, '250000', 'fair') }),
      'application/json',
    );
    if (created.status !== 201 || !created.id) throw new Error(`the batch intake answered ${created.status}`);
    const batchId = created.id;
    const dispatchStarted = Date.now();
    await waitUntil(async () => (await sentOf(sql, batchId)) >= 200 || undefined, 120_000, 'the batch to start');
    const { result: loaded, resources } = await context.measure(() => singlesLatency(context, sql));
    const sentDuring = await sentOf(sql, batchId);
    await waitUntil(
      async () =>
        (await sql.query<{ status: string }>(`SELECT status FROM payout_batches WHERE id = $1`, [batchId])).rows[0]
          .status === 'completed' || undefined,
      1_800_000,
      'the batch to complete',
    );
    const drainSeconds = (Date.now() - dispatchStarted) / 1000;
    const headline = ratio(loaded.maxMs, unloaded.maxMs);
    const met = headline <= TARGET_LATENCY_RATIO;
    return {
      part: 'batches',
      name: 'single-payout dispatch latency while a 10,000-item batch dispatches',
      value: {
        loadedMaxMs: loaded.maxMs,
        loadedP50Ms: loaded.p50Ms,
        singles: SINGLES,
        batchItemsSentBeforeTheLastSingle: sentDuring,
        batchDrainSeconds: Math.round(drainSeconds),
        batchItemsPerSecond: Math.round(BATCH_ITEMS / drainSeconds),
      },
      baseline: {
        what: 'the same singles with nothing else to dispatch',
        maxMs: unloaded.maxMs,
        p50Ms: unloaded.p50Ms,
      },
      ratio: headline,
      target: `max loaded ≤ ${TARGET_LATENCY_RATIO}× max unloaded`,
      met,
      checks: [
        `max ${loaded.maxMs} ms vs ${unloaded.maxMs} ms unloaded: ${headline}×`,
        `p50 ${loaded.p50Ms} ms vs ${unloaded.p50Ms} ms`,
      ],
      resources,
      targets: [
        {
          target: `16: a single payout created while a 10,000-item batch dispatches waits ≤ ${TARGET_LATENCY_RATIO}× its unloaded dispatch latency (max over ${SINGLES})`,
          measured: `max ${loaded.maxMs} ms (p50 ${loaded.p50Ms} ms)`,
          baseline: `max ${unloaded.maxMs} ms (p50 ${unloaded.p50Ms} ms)`,
          ratio: `${headline}×`,
          met,
          ...(met ? {} : { gap: `${ratio(headline, TARGET_LATENCY_RATIO)}× the target` }),
        },
      ],
    };
  } finally {
    await sql.end();
    await stack.stopWorkers();
  }
}

async function post(context: BenchContext, body: Record<string, unknown>): Promise<string> {
  for (let tries = 0; ; tries++) {
    const response = await fetch(`${context.stack.apiUrl}/v1/payouts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${context.stack.key}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id?: string };
    if (response.status === 201 && answer.id) return answer.id;
    if (tries >= 5) throw new Error(`POST /v1/payouts answered ${response.status}`);
    await sleep(200);
  }
}

async function sentOf(sql: Client, batchId: string): Promise<number> {
  return (
    await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payouts WHERE batch_id = $1 AND status NOT IN ('scheduled', 'pending')`,
      [batchId],
    )
  ).rows[0].n;
}

/** SINGLES payouts, one every SINGLE_EVERY_MS; each one's created_at -> its applied `submitting` event. */
async function singlesLatency(context: BenchContext, sql: Client): Promise<{ maxMs: number; p50Ms: number }> {
  const ids: string[] = [];
  for (let i = 0; i < SINGLES; i++) {
    ids.push(
      await post(context, {
        amount: '260000',
        currency: 'TRY',
        beneficiary: { name: 'Ahmet Yılmaz', iban: IBAN, nationalId: NATIONAL_ID },
      }),
    );
    await sleep(SINGLE_EVERY_MS);
  }
  const latencies = await waitUntil(
    async () => {
      const rows = (
        await sql.query<{ ms: number | null }>(
          `SELECT (SELECT extract(epoch FROM min(e.created_at) - p.created_at) * 1000 FROM payout_events e
                   WHERE e.payout_id = p.id AND e.to_status = 'submitting' AND e.applied)::float8 AS ms
           FROM payouts p WHERE p.id = ANY($1::uuid[])`,
          [ids],
        )
      ).rows;
      return rows.every((row) => row.ms !== null) ? rows.map((row) => row.ms as number) : undefined;
    },
    120_000,
    'the singles to be dispatched',
  );
  const sorted = [...latencies].sort((a, b) => a - b);
  return { maxMs: Math.round(sorted[sorted.length - 1]), p50Ms: Math.round(percentile(sorted, 50)) };
}
