import { Client } from 'pg';
import { CLAIM_DUE_SQL } from '@libs/reconciliation';
import { createClients } from '../../test/support/clients';
import { migrate } from '../../test/support/database';
import { createBenchDatabase } from '../lib/bench-stack';
import type { BenchContext, Figure } from '../lib/context';
import { percentile, ratio } from '../lib/load';
import { rowsRead, type PlanNode } from './plan-rows';
import { countDue, growPayouts, makeMoreDue } from './poller-data';
import { dailyUsageFigure, measureDailyUsage, type UsageRead } from './routing-usage';

const SIZES = [10_000, 100_000, 1_000_000];
const DUE = 1_000;
/** RECONCILIATION_BATCH_SIZE's default: what one poll cycle claims at most. */
const BATCH = 100;
const LEASE_MS = 120_000;

interface Cycle {
  ms: number;
  claimed: number;
  rowsRead: number;
  buffers: number;
}

/** One poll cycle's claim, EXPLAIN (ANALYZE, BUFFERS): it runs for real, inside the caller's transaction. */
async function claim(sql: Client): Promise<Cycle> {
  const now = new Date();
  const { rows } = await sql.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${CLAIM_DUE_SQL}`, [
    now,
    BATCH,
    new Date(now.getTime() + LEASE_MS),
  ]);
  const plan = (rows[0] as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }[] })[
    'QUERY PLAN'
  ][0];
  return {
    ms: plan['Planning Time'] + plan['Execution Time'],
    claimed: plan.Plan['Actual Rows'],
    rowsRead: rowsRead(plan.Plan),
    buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
  };
}

/** Five single cycles, each rolled back so all see the same rows: the median. */
async function oneCycle(sql: Client): Promise<Cycle> {
  const cycles: Cycle[] = [];
  for (let i = 0; i < 5; i++) {
    await sql.query('BEGIN');
    cycles.push(await claim(sql));
    await sql.query('ROLLBACK');
  }
  const median = (pick: (c: Cycle) => number) =>
    percentile(
      cycles.map(pick).sort((a, b) => a - b),
      50,
    );
  return {
    ms: median((c) => c.ms),
    claimed: median((c) => c.claimed),
    rowsRead: median((c) => c.rowsRead),
    buffers: median((c) => c.buffers),
  };
}

/**
 * Cycles until nothing is due, each committed as the poller commits it (so index entries of rows already claimed are
 * marked dead for the next scan, as in production): totals. The due rows get their next check back afterwards.
 */
async function drain(sql: Client): Promise<Cycle & { cycles: number }> {
  await sql.query(
    `CREATE TEMP TABLE due_before AS SELECT id, next_check_at FROM payouts
     WHERE next_check_at <= now() AND status IN ('submitting', 'processing', 'manual_review')`,
  );
  const total = { ms: 0, claimed: 0, rowsRead: 0, buffers: 0, cycles: 0 };
  for (;;) {
    const cycle = await claim(sql);
    total.cycles++;
    total.ms += cycle.ms;
    total.rowsRead += cycle.rowsRead;
    total.buffers += cycle.buffers;
    total.claimed += cycle.claimed;
    if (cycle.claimed === 0) break;
  }
  await sql.query('UPDATE payouts p SET next_check_at = d.next_check_at FROM due_before d WHERE p.id = d.id');
  await sql.query('DROP TABLE due_before');
  await sql.query('VACUUM ANALYZE payouts');
  return total;
}

/**
 * The poller's claim (CLAIM_DUE_SQL, one statement per cycle) with 10k, 100k and 1M non-terminal payouts present,
 * 1,000 of them due: time, rows read and buffers per cycle, and for draining all due rows. Then, at the largest
 * size, ten times the due rows, to show the work follows the due rows. Its own database; no service process runs.
 */
export async function benchPoller(context: BenchContext, maxRows = SIZES.at(-1)!): Promise<Figure[]> {
  const database = await createBenchDatabase(context.server, `bench_poller_${Date.now()}`);
  const sql = new Client({ connectionString: database.url });
  try {
    await migrate(database.url);
    const [client] = await createClients(database.url, [{ name: 'bench', scopes: ['payouts:read'] }]);
    await sql.connect();
    const figures: Figure[] = [];
    let present = 0;
    let first: Cycle | undefined;
    const usage: Figure[] = [];
    let firstUsage: UsageRead | undefined;
    for (const size of SIZES.filter((s) => s <= maxRows)) {
      const startedAt = Date.now();
      await growPayouts(sql, client.id, present, size, DUE);
      present = size;
      const loadSeconds = Math.round((Date.now() - startedAt) / 100) / 10;
      const cycle = await oneCycle(sql);
      const all = await drain(sql);
      first ??= cycle;
      figures.push(pollerFigure(size, await countDue(sql), cycle, all, first, loadSeconds));
      const read = await measureDailyUsage(sql);
      firstUsage ??= read;
      usage.push(dailyUsageFigure(size, read, firstUsage));
    }
    const before = figures.at(-1)!;
    await makeMoreDue(sql, DUE * 9);
    const all = await drain(sql);
    figures.push(dueFigure(present, await countDue(sql), all, before));
    return [...figures, ...usage];
  } finally {
    await sql.end().catch(() => undefined);
    await database.drop();
  }
}

function pollerFigure(
  size: number,
  due: number,
  cycle: Cycle,
  all: Cycle & { cycles: number },
  first: Cycle,
  loadSeconds: number,
): Figure {
  const timeRatio = ratio(cycle.ms, first.ms);
  const rowsRatio = ratio(cycle.rowsRead, first.rowsRead);
  return {
    part: 'poller',
    name: `claim cycle, ${size.toLocaleString('en')} non-terminal payouts, ${due} due`,
    value: {
      cycleMs: round(cycle.ms),
      claimedPerCycle: cycle.claimed,
      rowsReadPerCycle: cycle.rowsRead,
      buffersPerCycle: cycle.buffers,
      drainAllDueMs: round(all.ms),
      drainCycles: all.cycles,
      drainRowsRead: all.rowsRead,
    },
    baseline: {
      what: 'the same cycle with 10,000 payouts present; due rows',
      cycleMs: round(first.ms),
      rowsReadPerCycle: first.rowsRead,
      due,
    },
    ratio: timeRatio,
    target: 'flat in the total (within 2× of 10k)',
    met: timeRatio <= 2 && rowsRatio <= 2,
    ...(size === SIZES[0]
      ? {}
      : {
          targets: [
            {
              target: `4. poller flat in the total, ${size.toLocaleString('en')} against 10,000 payouts (within 2×)`,
              measured: `cycle ${round(cycle.ms)} ms, ${cycle.rowsRead} rows read`,
              baseline: `${round(first.ms)} ms, ${first.rowsRead} rows at 10,000`,
              ratio: `${timeRatio}× time, ${rowsRatio}× rows`,
              met: timeRatio <= 2 && rowsRatio <= 2,
              ...(timeRatio <= 2 && rowsRatio <= 2
                ? {}
                : {
                    gap: `time measured/target ${ratio(timeRatio, 2)}×, rows ${ratio(rowsRatio, 2)}×`,
                    bound: 'the claim reads more rows as the table grows: see the plan rows',
                  }),
            },
          ],
        }),
    checks: [
      `cycle time ${timeRatio}× the 10k cycle`,
      `rows read ${rowsRatio}× the 10k cycle (${cycle.rowsRead} for ${cycle.claimed} claimed)`,
      `draining ${all.claimed} due rows read ${all.rowsRead} rows (${ratio(all.rowsRead, Math.max(1, all.claimed))} per due row)`,
    ],
    notes: [`data set grown in ${loadSeconds} s`],
  };
}

function dueFigure(size: number, due: number, all: Cycle & { cycles: number }, before: Figure): Figure {
  const beforeMs = Number(before.value.drainAllDueMs);
  const beforeRows = Number(before.value.drainRowsRead);
  const timeRatio = ratio(all.ms, beforeMs);
  return {
    part: 'poller',
    name: `drain all due, ${size.toLocaleString('en')} payouts, ${due} due (10×)`,
    value: { drainAllDueMs: round(all.ms), drainCycles: all.cycles, drainRowsRead: all.rowsRead, claimed: all.claimed },
    baseline: { what: 'draining 1,000 due at the same size', drainAllDueMs: beforeMs, drainRowsRead: beforeRows },
    ratio: timeRatio,
    target: 'linear only in the due rows (10× due ≈ 10× work)',
    met: ratio(all.rowsRead, beforeRows) <= 12 && timeRatio <= 20,
    checks: [`time ${timeRatio}×, rows read ${ratio(all.rowsRead, beforeRows)}× for 10× the due rows`],
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
