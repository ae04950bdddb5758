import type { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { DailyUsageQuery } from '@libs/routing';
import type { Figure } from '../lib/context';
import { ratio } from '../lib/load';
import { rowsRead, type PlanNode } from './plan-rows';

/** The SQL DailyUsageQuery sends, taken from the class itself so the bench measures what dispatch runs. */
async function dailyUsageSql(): Promise<string> {
  let captured = '';
  const manager = { query: async (sql: string) => ((captured = sql), []) } as unknown as EntityManager;
  await new DailyUsageQuery(manager).usedOn(new Date(), ['any']);
  return captured;
}

export interface UsageRead {
  ms: number;
  rowsRead: number;
}

/**
 * One routing decision's daily-usage read (EXPLAIN ANALYZE), with every attempt of the data set created today, when
 * both providers have a daily limit (the worst case; with none, routing does not read it at all).
 */
export async function measureDailyUsage(sql: Client): Promise<UsageRead> {
  const { rows } = await sql.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${await dailyUsageSql()}`, [
    new Date(),
    ['pientegra', 'sipay'],
  ]);
  const plan = (rows[0] as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }[] })[
    'QUERY PLAN'
  ][0];
  return { ms: plan['Planning Time'] + plan['Execution Time'], rowsRead: rowsRead(plan.Plan) };
}

/**
 * Not a target of issue 9, measured beside the poller: with a daily limit set, routing reads today's usage of the
 * limited providers on every decision (libs/routing/application/routing-snapshot.ts). Since issue 14 that is one row
 * per provider of `provider_daily_usage` (kept by a trigger), so it should stay flat whatever the day's volume.
 */
export function dailyUsageFigure(attemptsToday: number, read: UsageRead, first: UsageRead): Figure {
  return {
    part: 'routing',
    name: `daily-usage read of one routing decision with daily limits set, ${attemptsToday.toLocaleString('en')} attempts today`,
    value: { ms: Math.round(read.ms * 100) / 100, rowsRead: read.rowsRead },
    baseline: {
      what: 'the same read with 10,000 attempts today',
      ms: Math.round(first.ms * 100) / 100,
      rowsRead: first.rowsRead,
    },
    ratio: ratio(read.ms, first.ms),
    target: 'none (informative; runs once per dispatch while a provider has a daily limit)',
    met: true,
    informative: true,
    checks: [
      `${ratio(read.ms, first.ms)}× the time and ${ratio(read.rowsRead, first.rowsRead)}× the rows of the 10k read`,
    ],
  };
}
