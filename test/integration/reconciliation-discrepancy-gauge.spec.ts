import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { PostgresOpsMetricsSource, useOpsMetricsSource } from '@libs/ops/metrics/ops-gauges';
import { OpsMetricsQueries } from '@libs/ops/persistence/ops-metrics.queries';
import { IN_FLIGHT_STATUSES, type InFlightStatus } from '@libs/payouts/domain';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

const DAY_MS = 86_400_000;

// payout_reconciliation_discrepancies on real Postgres: each provider's last completed run (the latest period), every
// kind, through the same scrape path as the other ops gauges.
describe('payout_reconciliation_discrepancies', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  const registry = new Registry();
  // The source caches a snapshot a few seconds: each scrape here is later than the last.
  let nowMs = Date.UTC(2026, 11, 1);
  const clock = { now: () => new Date(nowMs) };

  beforeAll(async () => {
    core = await payoutsOnPostgres('recon-gauge');
    useOpsMetricsSource(
      new PostgresOpsMetricsSource(
        new OpsMetricsQueries(core.dataSource.manager),
        [],
        Object.fromEntries(IN_FLIGHT_STATUSES.map((status) => [status, 60_000])) as Record<InFlightStatus, number>,
        ['sipay', 'pientegra'],
        clock,
      ),
      registry,
    );
  });
  afterAll(async () => {
    useOpsMetricsSource(undefined, registry);
    await core.close();
  });

  /** A run of `provider` over the day starting `day` days after 2026-11-01, with its counts. */
  async function run(
    provider: string,
    day: number,
    status: 'running' | 'completed' | 'failed',
    counts: { missing?: number; unknown?: number; amount?: number; statusMismatch?: number },
    finishedAt: Date | null = status === 'running' ? null : new Date(Date.UTC(2026, 10, 20)),
  ): Promise<void> {
    const from = new Date(Date.UTC(2026, 10, 1) + day * DAY_MS);
    await core.dataSource.query(
      `INSERT INTO reconciliation_runs (id, provider, from_at, to_at, status, reason, started_at, progressed_at,
         finished_at, missing_at_provider, unknown_at_provider, amount_mismatch, status_mismatch)
       VALUES ($1, $2, $3, $4, $5, 'test', $6, $6, $7, $8, $9, $10, $11)`,
      [
        randomUUID(),
        provider,
        from,
        new Date(from.getTime() + DAY_MS),
        status,
        from,
        finishedAt,
        counts.missing ?? 0,
        counts.unknown ?? 0,
        counts.amount ?? 0,
        counts.statusMismatch ?? 0,
      ],
    );
  }

  const scrape = async () => {
    nowMs += 60_000;
    return (await registry.getSingleMetricAsString('payout_reconciliation_discrepancies')).trim();
  };

  it('reports nothing for a provider never reconciled, then every kind of its latest completed period', async () => {
    expect(await scrape()).not.toMatch(/^payout_reconciliation_discrepancies\{/m);

    // sipay: day 1 completed with 3 missing; day 2 completed (finished earlier than day 1's re-run) with one amount
    // mismatch; day 3 still running and day 4 failed: neither counts.
    await run('sipay', 1, 'completed', { missing: 3 }, new Date(Date.UTC(2026, 10, 25)));
    await run('sipay', 2, 'completed', { amount: 1 }, new Date(Date.UTC(2026, 10, 4)));
    await run('sipay', 3, 'running', { missing: 40 });
    await run('sipay', 4, 'failed', { unknown: 7 });
    await run('pientegra', 1, 'completed', {});

    const text = await scrape();
    const series = (provider: string, kind: string) =>
      new RegExp(`^payout_reconciliation_discrepancies\\{provider="${provider}",kind="${kind}"\\} (\\d+)$`, 'm').exec(
        text,
      )?.[1];
    expect({
      missingAtProvider: series('sipay', 'missingAtProvider'),
      unknownAtProvider: series('sipay', 'unknownAtProvider'),
      amountMismatch: series('sipay', 'amountMismatch'),
      statusMismatch: series('sipay', 'statusMismatch'),
    }).toEqual({ missingAtProvider: '0', unknownAtProvider: '0', amountMismatch: '1', statusMismatch: '0' });
    expect(series('pientegra', 'missingAtProvider')).toBe('0');
    expect(series('pientegra', 'statusMismatch')).toBe('0');
  });
});
