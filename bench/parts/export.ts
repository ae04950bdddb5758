import { get } from 'node:http';
import { Client } from 'pg';
import type { BenchContext, Figure } from '../lib/context';
import { ratio } from '../lib/load';
import { processTable, processTree, rssMb } from '../lib/resources';

/** Issue 17: the export streams 1,000,000 rows with the api's RSS growing less than this. */
const TARGET_GROWTH_MB = 50;
const CHUNK = 250_000;
const WARM_UP_ROWS = 10_000;

/**
 * Adds `total` payouts of the bench client with set-based SQL (generate_series, chunks of 250k): every status, one
 * in ten with a completed attempt (its provider id is the export's providerReference), failures with a code, and a
 * reference needing CSV quotes in one in a hundred. Created over the last year, so the export's range is a year.
 */
async function seedPayouts(sql: Client, clientId: string, total: number): Promise<void> {
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    await sql.query(
      `WITH inserted AS (
         INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
           iban_last4, metadata, customer, reference, provider, failure, next_check_at, created_at, updated_at,
           completed_at)
         SELECT gen_random_uuid(), $1, s.status, 3, 1000 + g, 'TRY', 'Bench Payee', 'v1.k1.sealed', '7890', '{}',
           jsonb_build_object('id', 'customer-' || (g % 5000)),
           CASE WHEN g % 100 = 0 THEN 'order ' || g || ', "bench"' ELSE 'order-' || g END,
           CASE WHEN g % 2 = 0 THEN 'sipay' ELSE 'pientegra' END,
           CASE WHEN s.status = 'failed' THEN '{"code":"beneficiary_mismatch","message":"name differs"}'::jsonb END,
           NULL, c.created_at, c.created_at,
           CASE WHEN s.status IN ('succeeded', 'failed') THEN c.created_at + interval '1 minute' END
         FROM generate_series($2::int, $3::int) AS g
         CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 = 0 THEN 'failed' WHEN g % 10 = 1 THEN 'processing'
                                         ELSE 'succeeded' END AS status) AS s
         CROSS JOIN LATERAL (SELECT now() - interval '365 days' + g * (interval '365 days' / $4::int)
                               AS created_at) AS c
         RETURNING id, provider, created_at
       )
       INSERT INTO payout_attempts (id, payout_id, provider, reference, provider_id, status, created_at, updated_at)
       SELECT gen_random_uuid(), id, provider, 'bench-' || id, 'p-' || id, 'completed', created_at, created_at
       FROM inserted WHERE get_byte(uuid_send(id), 15) % 10 = 0`,
      [clientId, from, to, total],
    );
  }
  await sql.query('VACUUM ANALYZE payouts');
  await sql.query('VACUUM ANALYZE payout_attempts');
}

interface Download {
  bytes: number;
  lines: number;
  seconds: number;
  status: number;
}

/** Reads an export to the end as a client would (counting, keeping nothing). */
function download(url: string, key: string): Promise<Download> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    get(url, { headers: { authorization: `Bearer ${key}` } }, (response) => {
      let bytes = 0;
      let lines = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
      });
      response.on('end', () =>
        resolve({
          bytes,
          lines,
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          status: response.statusCode ?? 0,
        }),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * `GET /v1/payouts/export` of 1,000,000 payouts (a year's range, the bench client's own), read to the end at full
 * speed, with the api's RSS (all its processes) sampled every 100 ms. Growth is measured against the api right before
 * the big export, after a 10,000-row warm-up export (the code paths loaded and compiled), and reported against idle
 * too.
 */
export async function benchExport(context: BenchContext, rows = 1_000_000): Promise<Figure[]> {
  const { stack } = context;
  const sql = new Client({ connectionString: stack.databaseUrl });
  await sql.connect();
  const apiRss = () =>
    processTree(processTable([]), stack.api.child.pid)
      .map((pid) => rssMb(pid) ?? 0)
      .reduce((a, b) => a + b, 0);
  try {
    const idleMb = apiRss();
    const seedStarted = Date.now();
    await seedPayouts(sql, stack.clientId, rows);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const { rows: counted } = await sql.query<{ n: number; since: Date }>(
      `SELECT count(*)::int AS n, min(created_at) AS since FROM payouts WHERE client_id = $1`,
      [stack.clientId],
    );
    const { n: expected, since } = counted[0];
    const range = `createdFrom=${encodeURIComponent(since.toISOString())}`;
    const url = `${stack.apiUrl}/v1/payouts/export?${range}`;
    const warmUpTo = new Date(since.getTime() + (WARM_UP_ROWS / rows) * 365 * 86_400_000).toISOString();
    await download(`${url}&createdTo=${encodeURIComponent(warmUpTo)}`, stack.key);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const beforeMb = apiRss();
    let peakMb = beforeMb;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, apiRss());
    }, 100);
    const result = await download(url, stack.key).finally(() => clearInterval(sampler));
    peakMb = Math.max(peakMb, apiRss());
    const growthMb = peakMb - beforeMb;
    const complete = result.status === 200 && result.lines === expected + 1;
    const met = complete && growthMb < TARGET_GROWTH_MB;
    const rowsPerSecond = Math.round(expected / result.seconds);
    return [
      {
        part: 'export',
        name: `CSV export of ${expected.toLocaleString('en')} rows`,
        value: {
          rows: expected,
          lines: result.lines,
          megabytes: Math.round(result.bytes / 1e6),
          seconds: Math.round(result.seconds * 10) / 10,
          rowsPerSecond,
          rssBeforeMb: Math.round(beforeMb),
          rssPeakMb: Math.round(peakMb),
          rssGrowthMb: Math.round(growthMb * 10) / 10,
          seedSeconds: Math.round(seedSeconds),
        },
        baseline: { what: 'the api right before the export (after a 10k-row warm-up)', rssMb: Math.round(beforeMb) },
        ratio: ratio(peakMb, beforeMb),
        target: `RSS growth < ${TARGET_GROWTH_MB} MB over 1,000,000 rows`,
        met,
        checks: [
          `${result.lines} lines for ${expected} payouts (${complete ? 'complete' : 'INCOMPLETE'})`,
          `RSS ${Math.round(beforeMb)} -> peak ${Math.round(peakMb)} MB: growth ${growthMb.toFixed(1)} MB`,
          `${rowsPerSecond} rows/s, ${Math.round(result.bytes / 1e6)} MB in ${result.seconds.toFixed(1)} s`,
        ],
        notes: [`api idle at start-up ${Math.round(idleMb)} MB; growth from idle ${(peakMb - idleMb).toFixed(1)} MB`],
        targets: [
          {
            target: `issue 17: export streams 1,000,000 rows, RSS growth < ${TARGET_GROWTH_MB} MB`,
            measured: `${expected.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s, +${growthMb.toFixed(1)} MB`,
            baseline: `api ${Math.round(beforeMb)} MB before`,
            ratio: `${ratio(growthMb, TARGET_GROWTH_MB)}× the limit`,
            met,
            ...(met ? {} : { gap: `growth ${ratio(growthMb, TARGET_GROWTH_MB)}× the limit`, bound: 'see notes' }),
          },
        ],
      },
    ];
  } finally {
    await sql.end();
  }
}
