import { Client } from 'pg';
import type { BenchContext, Figure } from '../lib/context';
import { ratio } from '../lib/load';
import { rssMb } from '../lib/resources';

/** Issue 17 (reconciliation reports): a run over 100,000 payouts of a day finishes in under 2 minutes. */
const TARGET_SECONDS = 120;
/** Time and worker RSS per row at 100k within this factor of 10k's (constant memory, linear time). */
const TARGET_SCALING = 1.5;
/** Payouts of ours the sandbox has no record of, per run: the run must find exactly these. */
const MISSING = 5;
const SIZES = [10_000, 100_000] as const;
const DAY_MS = 86_400_000;

/**
 * `rows` succeeded Sipay payouts of ours created over one day, each with its completed attempt `<prefix><g>`, with
 * set-based SQL (generate_series).
 */
async function seedPayouts(sql: Client, clientId: string, prefix: string, rows: number, dayStart: Date) {
  await sql.query(
    `WITH inserted AS (
       INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
         iban_last4, metadata, reference, provider, created_at, updated_at, completed_at)
       SELECT gen_random_uuid(), $1, 'succeeded', 3, 250000, 'TRY', 'Bench Payee', 'v1.k1.sealed', '7890', '{}',
         'recon-' || g, 'sipay', c.at, c.at, c.at + interval '1 minute'
       FROM generate_series(0, $3::int - 1) AS g
       CROSS JOIN LATERAL (SELECT $4::timestamptz + g * (interval '1 day' / $3::int) AS at) AS c
       RETURNING id, created_at, reference
     )
     INSERT INTO payout_attempts (id, payout_id, provider, reference, status, created_at, updated_at)
     SELECT gen_random_uuid(), id, 'sipay', $2 || substr(reference, 7), 'completed', created_at, created_at
     FROM inserted`,
    [clientId, prefix, rows, dayStart],
  );
  await sql.query('ANALYZE payouts');
  await sql.query('ANALYZE payout_attempts');
}

interface RunView {
  id: string;
  status: string;
  counts: Record<string, number>;
  failure: string | null;
}

/** One run over `rows` payouts: seeds both sides, starts the run, waits, samples the worker's RSS every 100 ms. */
async function measureRun(context: BenchContext, sql: Client, rows: number, dayStart: Date) {
  const { stack } = context;
  const prefix = `recon${rows}-`;
  const seedStarted = Date.now();
  await seedPayouts(sql, stack.clientId, prefix, rows, dayStart);
  const seeded = await fetch(`${stack.sandboxUrl}/_sandbox/transfers/sipay/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      count: rows - MISSING,
      referencePrefix: prefix,
      amount: '250000',
      createdFrom: dayStart.toISOString(),
      createdTo: new Date(dayStart.getTime() + DAY_MS).toISOString(),
      status: 'sent',
    }),
  });
  if (seeded.status !== 201) throw new Error(`sandbox seed: ${seeded.status} ${await seeded.text()}`);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  const worker = stack.workers[0];
  const workerRss = () => rssMb(worker.child.pid!) ?? 0;
  const beforeMb = workerRss();
  let peakMb = beforeMb;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, workerRss());
  }, 100);
  const started = process.hrtime.bigint();
  let run: RunView;
  try {
    const answer = await stack.call('POST', '/v1/reconciliation/runs', {
      provider: 'sipay',
      from: dayStart.toISOString(),
      to: new Date(dayStart.getTime() + DAY_MS).toISOString(),
      reason: `bench: ${rows} payouts`,
    });
    if (answer.status !== 201) throw new Error(`start: ${answer.status} ${JSON.stringify(answer.body)}`);
    const id = (answer.body as RunView).id;
    for (;;) {
      run = (await stack.call('GET', `/v1/reconciliation/runs/${id}`)).body as RunView;
      if (run.status !== 'running') break;
      if (Number(process.hrtime.bigint() - started) / 1e9 > 10 * TARGET_SECONDS) throw new Error('the run never ended');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows, seconds, beforeMb, peakMb: Math.max(peakMb, workerRss()), run, seedSeconds };
}

/**
 * Reconciliation runs of Sipay over one day of 10,000 and of 100,000 payouts against the sandbox's listing (seeded
 * through its seeding control, all but 5 of ours), each on a day of its own, run by one worker: the time from the
 * POST to `completed`, and the worker's peak RSS. Targets: 100k in < 2 minutes; time and RSS per row at 100k within
 * 1.5× of 10k's (RSS compared as a whole: a run in constant memory has the same peak whatever its size).
 */
export async function benchRecon(context: BenchContext): Promise<Figure[]> {
  const { stack } = context;
  const sql = new Client({ connectionString: stack.databaseUrl });
  await sql.connect();
  await stack.addWorker(process.env.RECON_WORKER_FLAGS ? process.env.RECON_WORKER_FLAGS.split(' ') : []);
  try {
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const measured: Awaited<ReturnType<typeof measureRun>>[] = [];
    for (const [index, rows] of SIZES.entries()) {
      measured.push(await measureRun(context, sql, rows, new Date(today - (SIZES.length - index + 1) * DAY_MS)));
    }
    const [small, large] = measured;
    const perRowRatio = large.seconds / large.rows / (small.seconds / small.rows);
    const rssRatio = large.peakMb / small.peakMb;
    const correct = measured.every(
      (m) =>
        m.run.status === 'completed' &&
        m.run.counts.missingAtProvider === MISSING &&
        m.run.counts.matched === m.rows - MISSING &&
        m.run.counts.unknownAtProvider === 0,
    );
    const fastEnough = large.seconds < TARGET_SECONDS;
    const met = correct && fastEnough && perRowRatio <= TARGET_SCALING && rssRatio <= TARGET_SCALING;
    const describe = (m: Awaited<ReturnType<typeof measureRun>>) =>
      `${m.rows.toLocaleString('en')} payouts: ${m.seconds.toFixed(1)} s, worker RSS ${Math.round(m.beforeMb)} -> ` +
      `peak ${Math.round(m.peakMb)} MB, ${m.run.status} ${JSON.stringify(m.run.counts)}`;
    return [
      {
        part: 'recon',
        name: `reconciliation run over ${large.rows.toLocaleString('en')} payouts of a day`,
        value: {
          seconds10k: Math.round(small.seconds * 10) / 10,
          seconds100k: Math.round(large.seconds * 10) / 10,
          perRowTimeRatio: Math.round(perRowRatio * 100) / 100,
          workerPeakMb10k: Math.round(small.peakMb),
          workerPeakMb100k: Math.round(large.peakMb),
          rssRatio: Math.round(rssRatio * 100) / 100,
          seedSeconds100k: Math.round(large.seedSeconds),
        },
        baseline: { what: 'the same run over 10,000 payouts', seconds: Math.round(small.seconds * 10) / 10 },
        ratio: ratio(large.seconds, small.seconds),
        target: `100,000 payouts in < ${TARGET_SECONDS} s; time per row and RSS within ${TARGET_SCALING}× of 10k`,
        met,
        checks: [
          describe(small),
          describe(large),
          `time per row 100k/10k ${perRowRatio.toFixed(2)}×, worker peak RSS 100k/10k ${rssRatio.toFixed(2)}×`,
          `every run found exactly its ${MISSING} missing payouts: ${correct ? 'yes' : 'NO'}`,
        ],
        targets: [
          {
            target: `issue 17: a run over 100,000 payouts of a day in < ${TARGET_SECONDS} s`,
            measured: `${large.seconds.toFixed(1)} s`,
            baseline: `10,000 in ${small.seconds.toFixed(1)} s`,
            ratio: `${ratio(large.seconds, TARGET_SECONDS)}× the limit`,
            met: correct && fastEnough,
          },
          {
            target: `issue 17: time and RSS per row at 100k within ${TARGET_SCALING}× of 10k`,
            measured: `time ${perRowRatio.toFixed(2)}×, RSS ${rssRatio.toFixed(2)}×`,
            baseline: `10k: ${small.seconds.toFixed(1)} s, ${Math.round(small.peakMb)} MB`,
            ratio: `${Math.max(perRowRatio, rssRatio).toFixed(2)}×`,
            met: perRowRatio <= TARGET_SCALING && rssRatio <= TARGET_SCALING,
          },
        ],
      },
    ];
  } finally {
    await stack.stopWorkers();
    await sql.end();
  }
}
