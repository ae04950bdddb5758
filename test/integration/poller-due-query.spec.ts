import { randomBytes } from 'node:crypto';
import { PIENTEGRA_PUBLISHED_CREDENTIALS } from '@libs/sandbox/pientegra/pientegra.credentials';
import { SIPAY_PUBLISHED_CREDENTIALS } from '@libs/sandbox/sipay/sipay.credentials';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConfigService } from '@libs/platform/config';
import { systemClock } from '@libs/platform/time';
import { RedisRateBudget, type PayoutProvider } from '@libs/providers';
import { resolvePientegraSettings } from '@libs/providers/pientegra/pientegra.config';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';
import {
  CLAIM_DUE_SQL,
  PollDueAttempts,
  PollRepository,
  ReconcileAttempt,
  SharedPollBudget,
} from '@libs/reconciliation';
import { createSandbox, type Sandbox } from '@libs/sandbox';
import { DirectPayouts } from '../support/direct-payouts';
import { noPollMetrics } from '../support/silent-metrics';
import { createClients } from '../support/clients';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { freePort } from '../support/processes';
import { testRedisUrl } from '../support/redis-url';

// The due-payout poll on 1,000+ payouts in processing: the plan reads the partial index and only the due rows, and
// one cycle sends no more requests than the provider's budget allows (PIENTEGRA_REQUESTS_PER_MINUTE=20).
const IN_FLIGHT = 1_200;
const DUE = 50;
const COMPLETED = 300;
const REQUESTS_PER_MINUTE = 20;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('due-payout poll on 1,000+ payouts in processing', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let sandbox: Sandbox;
  let sandboxUrl: string;
  let direct: DirectPayouts;
  let dataSource: DataSource;
  let redis: Redis;
  let provider: PayoutProvider;

  beforeAll(async () => {
    database = await createFreshDatabase('poller_due_query');
    await migrate(database.url);
    const [client] = await createClients(database.url, [{ name: 'poller', scopes: ['payouts:write'] }]);
    const sandboxPort = await freePort();
    sandbox = createSandbox({
      port: sandboxPort,
      // No webhook is due during the test: outcomes come an hour after acceptance.
      webhookTarget: 'http://127.0.0.1:9',
      webhookDelayMs: 3_600_000,
      timeoutHoldMs: 2_000,
      tokenTtlMs: 3_600_000,
      pientegraApiKey: PIENTEGRA_PUBLISHED_CREDENTIALS.apiKey,
      pientegraWebhookSecrets: [PIENTEGRA_PUBLISHED_CREDENTIALS.webhookSecret],
      sipayClientId: SIPAY_PUBLISHED_CREDENTIALS.clientId,
      sipayClientSecret: SIPAY_PUBLISHED_CREDENTIALS.clientSecret,
      sipayWebhookToken: SIPAY_PUBLISHED_CREDENTIALS.webhookToken,
    });
    sandboxUrl = (await sandbox.listen()).url;
    const env = {
      NODE_ENV: 'test',
      SANDBOX_PORT: String(sandboxPort),
      PIENTEGRA_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
      PROVIDER_TIMEOUT: '2s',
    };
    direct = await DirectPayouts.open(database.url, env, client.id);
    redis = new Redis(testRedisUrl(), { keyPrefix: `t${randomBytes(4).toString('hex')}:`, lazyConnect: false });
    // The worker's adapter: the provider's whole budget in Redis, shared with submissions; no long waits for a slot.
    provider = createPientegraProvider(resolvePientegraSettings(new ConfigService(env)), {
      budget: new RedisRateBudget(redis, 'providers:'),
      budgetMaxWaitMs: 50,
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [], poolSize: 8 });
    await dataSource.initialize();

    // One real payout at Pientegra, copied into many: DUE of them due now, the rest over the coming hours, and some
    // completed ones without a next check.
    const template = await direct.createAndSubmit({ amount: 150_013n, provider: 'pientegra' });
    await queryOnce(
      database.url,
      `INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
         iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata, requested_provider,
         provider, routing, failure, next_check_at, needs_attention, contradiction, created_at, updated_at)
       SELECT gen_random_uuid(), client_id, CASE WHEN g > $2::int THEN 'succeeded' ELSE 'processing' END, version, amount,
         currency, beneficiary_name, iban_encrypted, iban_last4, bank_code, national_id_encrypted, customer, reference,
         description, metadata, requested_provider, provider, routing, failure,
         CASE WHEN g > $2::int THEN NULL
              WHEN g <= $3::int THEN now() - make_interval(secs => g)
              ELSE now() + make_interval(mins => g) END,
         false, false, created_at, updated_at
       FROM payouts, generate_series(1, $2::int + $4::int) AS g WHERE id = $1`,
      [template.payoutId, IN_FLIGHT, DUE, COMPLETED],
    );
    await queryOnce(
      database.url,
      `INSERT INTO payout_attempts (id, payout_id, provider, reference, provider_id, status, submitted_at, created_at,
         updated_at)
       SELECT gen_random_uuid(), p.id, 'pientegra', gen_random_uuid()::text, 'wd-' || p.id,
         CASE WHEN p.status = 'succeeded' THEN 'completed' ELSE 'accepted' END, now(), now(), now()
       FROM payouts p WHERE p.id <> $1`,
      [template.payoutId],
    );
    await queryOnce(database.url, 'ANALYZE payouts');
    await queryOnce(database.url, 'ANALYZE payout_attempts');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await direct?.close();
    redis?.disconnect();
    await sandbox?.close();
    await database?.drop();
  });

  it('reads the due rows through payouts_next_check_idx and nothing else (EXPLAIN ANALYZE)', async () => {
    const [{ total }] = await queryOnce<{ total: number }>(database.url, 'SELECT count(*)::int AS total FROM payouts');
    expect(total).toBe(IN_FLIGHT + COMPLETED + 1);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const now = new Date();
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${CLAIM_DUE_SQL}`,
        [now, 100, new Date(now.getTime() + 60_000)],
      );
      await client.query('ROLLBACK');
      const nodes = nodesOf(rows[0]['QUERY PLAN'][0].Plan);
      const onPayouts = nodes.filter((n) => n['Relation Name'] === 'payouts');
      const indexScan = onPayouts.find((n) => n['Index Name'] === 'payouts_next_check_idx');
      expect(indexScan?.['Node Type']).toMatch(/^Index (Only )?Scan$/);
      expect(onPayouts.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
      // The scan stops at the first row that is not due: rows read = due rows, not the 1,500 in the table.
      expect(indexScan?.['Actual Rows']).toBe(DUE);
      expect(indexScan?.['Actual Loops']).toBe(1);
      // The lease update finds the same rows by primary key, and the live attempt by its partial unique index.
      for (const node of nodes.filter((n) => n['Relation Name'] !== undefined)) {
        expect(node['Node Type']).not.toBe('Seq Scan');
        expect((node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1)).toBeLessThanOrEqual(DUE);
      }
    } finally {
      await client.end();
    }
  });

  it('one cycle sends at most the budget of requests and leaves the rows that are not due alone', async () => {
    const notDueBefore = await queryOnce<{ id: string; next_check_at: Date }>(
      database.url,
      `SELECT id, next_check_at FROM payouts WHERE next_check_at > now() ORDER BY id`,
    );
    const polls = new PollRepository(dataSource.manager);
    const registry = { find: (name: string) => (name === 'pientegra' ? provider : undefined) };
    const reconcile = new ReconcileAttempt(direct.store, direct.transition, polls, registry, noPollMetrics, {
      timeScale: 1,
      lookAgainMs: 6 * 3_600_000,
    });
    const budget = new SharedPollBudget(new RedisRateBudget(redis, 'reconciliation:'), 0.5);
    const poller = new PollDueAttempts(polls, reconcile, registry, budget, noPollMetrics, {
      batchSize: 100,
      leaseMs: 120_000,
      concurrency: 4,
      budgetBackoffMs: 1_000,
    });
    const since = new Date().toISOString();
    const result = await poller.run(systemClock);

    const { data } = (await (
      await fetch(`${sandboxUrl}/_sandbox/requests?provider=pientegra&since=${since}`)
    ).json()) as { data: { method: string; path: string }[] };
    expect(data.length).toBeGreaterThan(0);
    expect(data.length).toBeLessThanOrEqual(REQUESTS_PER_MINUTE);
    expect(data.length).toBe(budget.limitFor(REQUESTS_PER_MINUTE));
    expect(data.every((request) => request.method === 'GET')).toBe(true);
    expect(result).toMatchObject({ claimed: DUE, polled: data.length, deferred: DUE - data.length, failures: [] });

    const polled = await queryOnce<{ n: number }>(
      database.url,
      'SELECT count(*)::int AS n FROM payout_attempts WHERE poll_count = 1',
    );
    expect(polled[0].n).toBe(data.length);
    // Deferred rows come back once the budget has room again, not in this cycle; nothing else moved.
    const [{ due }] = await queryOnce<{ due: number }>(
      database.url,
      `SELECT count(*)::int AS due FROM payouts WHERE next_check_at <= now()`,
    );
    expect(due).toBe(0);
    const notDueAfter = await queryOnce<{ id: string; next_check_at: Date }>(
      database.url,
      `SELECT id, next_check_at FROM payouts WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [notDueBefore.map((row) => row.id)],
    );
    expect(notDueAfter).toEqual(notDueBefore);
  });
});
