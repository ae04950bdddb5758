import { DataSource } from 'typeorm';
import { ReaperQueries } from '@libs/dispatch';
import {
  ApprovalPolicyCache,
  CreatePayout,
  DEVELOPMENT_ONLY_PII_KEY,
  PiiCipher,
  TypeOrmPayoutStore,
  TypeOrmPayoutIntake,
} from '@libs/payouts';
import {
  ManageRoutingRules,
  TypeOrmRoutingStore,
  TypeOrmRoutingUnitOfWork,
  type ProviderCatalog,
  type RoutingRuleDraft,
} from '@libs/routing';
import { createClients } from '../support/clients';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { acceptsEveryPayout } from '../support/acceptance';

// Routing's tables and the queries dispatch depends on, on real Postgres: version bumps under concurrency, audit
// atomic with the change, the daily usage sum, and the reaper's scans (SKIP LOCKED, the indexes they rely on).
const COVERAGE = { ibanCountries: ['TR'], requiresNationalId: false, minAmount: 1n, maxAmount: 1_000_000_000n };

describe('routing and dispatch persistence on Postgres', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dataSource: DataSource;
  let clientId: string;
  let createPayout: CreatePayout;
  let payouts: TypeOrmPayoutStore;
  let counter = 0;
  const clock = { now: () => new Date() };
  const catalog: ProviderCatalog = {
    list: () => [
      { name: 'alpha', isConfigured: true, usesSandbox: true, currencies: ['TRY'], ...COVERAGE },
      { name: 'beta', isConfigured: true, usesSandbox: true, currencies: ['TRY'], ...COVERAGE },
    ],
  };
  const draft: RoutingRuleDraft = {
    name: 'to alpha',
    priority: 1,
    enabled: true,
    match: { minAmount: 100n, maxAmount: 9_223_372_036_854_775_807n },
    targets: [{ provider: 'alpha', weight: 1 }],
    fallback: ['beta'],
  };

  const newPayout = async (amount: string): Promise<string> => {
    const key = `k-${counter++}`;
    const result = await createPayout.execute({
      clientId,
      idempotencyKey: key,
      requestHash: key,
      input: { amount, currency: 'TRY', beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' } },
    });
    return result.body.id as string;
  };

  beforeAll(async () => {
    database = await createFreshDatabase('routing_persistence');
    await migrate(database.url);
    [{ id: clientId }] = await createClients(database.url, [{ name: 'admin', scopes: ['routing:admin'] }]);
    dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [], poolSize: 12 });
    await dataSource.initialize();
    const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
    payouts = new TypeOrmPayoutStore(dataSource.manager, cipher);
    createPayout = new CreatePayout(new TypeOrmPayoutIntake(dataSource, cipher), clock, {
      knownProviders: ['alpha', 'beta'],
      firstCheckAfterMs: 0,
      scheduleMaxAheadMs: 90 * 86_400_000,
      policies: new ApprovalPolicyCache(),
      approvalTimeoutMs: 72 * 3_600_000,
      acceptance: acceptsEveryPayout,
    });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  describe('routing rules', () => {
    const manage = () =>
      new ManageRoutingRules(
        new TypeOrmRoutingUnitOfWork(dataSource),
        new TypeOrmRoutingStore(dataSource.manager).rules,
        catalog,
        clock,
      );

    it('keeps 64-bit amounts exact and gives every concurrent change its own version, without gaps', async () => {
      const rules = manage();
      const created = await rules.create(draft, { actorClientId: clientId, reason: 'start' });
      expect(created.match).toEqual({ minAmount: '100', maxAmount: '9223372036854775807' });
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          rules.replace(created.id, { ...draft, priority: i }, { actorClientId: clientId, reason: `change ${i}` }),
        ),
      );
      expect((await rules.get(created.id)).version).toBe(13);
      const audit = await queryOnce<{ version: number }>(
        database.url,
        `SELECT (details->'after'->>'version')::int AS version FROM audit_log WHERE subject_id = $1 ORDER BY 1`,
        [created.id],
      );
      expect(audit.map((row) => row.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    });

    it('rolls the change back when its audit row cannot be written', async () => {
      const before = await queryOnce(database.url, 'SELECT count(*)::int AS n FROM routing_rules');
      await expect(
        manage().create(draft, { actorClientId: '0193a1b2-0000-7000-8000-00000000dead', reason: 'no such client' }),
      ).rejects.toThrow(/audit_log_actor_client_id_fkey/);
      expect(await queryOnce(database.url, 'SELECT count(*)::int AS n FROM routing_rules')).toEqual(before);
    });
  });

  describe('the tables a routing decision reads', () => {
    it('reads rules, settings and balances in one round trip, as the three repositories read them', async () => {
      await queryOnce(
        database.url,
        `INSERT INTO provider_settings (provider, enabled, drain, low_balance_threshold, version, updated_at)
         VALUES ('alpha', true, false, 9223372036854775807, 1, now()) ON CONFLICT DO NOTHING`,
      );
      const store = new TypeOrmRoutingStore(dataSource.manager);
      await store.balances.recordKnown('beta', { amount: 9_007_199_254_740_993n, currency: 'TRY' }, 'read', new Date());
      const separately = {
        rules: await store.rules.listLive(),
        settings: await store.settings.list(),
        balances: await store.balances.list(),
      };
      expect(separately.rules.length).toBeGreaterThan(0);
      expect(separately.settings.length).toBeGreaterThan(0);
      expect(separately.balances.length).toBeGreaterThan(0);
      // Outside a transaction (the pool) and inside one (its own connection, one statement sent).
      expect(await store.tables.read()).toEqual(separately);
      const sent: string[] = [];
      const inside = await dataSource.transaction(async (manager) => {
        const runner = manager.queryRunner as unknown as {
          connect(): Promise<{ query: (...args: unknown[]) => unknown }>;
        };
        const client = await runner.connect();
        const query = client.query.bind(client);
        client.query = (...args: unknown[]) => {
          sent.push(String(typeof args[0] === 'string' ? args[0] : '?'));
          return query(...args);
        };
        try {
          return await new TypeOrmRoutingStore(manager).tables.read();
        } finally {
          client.query = query;
        }
      });
      expect(inside).toEqual(separately);
      expect(sent).toHaveLength(1);
    });
  });

  describe('daily usage', () => {
    it('sums today’s attempts per provider, leaving out rejected attempts and earlier days', async () => {
      const store = new TypeOrmRoutingStore(dataSource.manager);
      const [a, b, c, d] = [
        await newPayout('1000'),
        await newPayout('2500'),
        await newPayout('400'),
        await newPayout('7'),
      ];
      const now = new Date();
      await payouts.attempts.insert({ payoutId: a, provider: 'alpha', reference: `r-${a}` }, now);
      await payouts.attempts.insert({ payoutId: b, provider: 'alpha', reference: `r-${b}` }, now);
      const refused = await payouts.attempts.insert({ payoutId: c, provider: 'beta', reference: `r-${c}` }, now);
      await payouts.attempts.update(refused.id, { status: 'rejected' }, now);
      await payouts.attempts.insert({ payoutId: c, provider: 'beta', reference: `r2-${c}` }, now);
      await payouts.attempts.insert(
        { payoutId: d, provider: 'beta', reference: `r-${d}` },
        new Date(Date.now() - 86_400_000),
      );
      expect(await store.usage.usedOn(new Date())).toEqual(
        new Map([
          ['alpha', 3500n],
          ['beta', 400n],
        ]),
      );
      expect(await store.usage.usedOn(new Date(), ['beta'])).toEqual(new Map([['beta', 400n]]));
      expect(await store.usage.usedOn(new Date(), [])).toEqual(new Map());
    });

    it('counts the Europe/Istanbul calendar day (UTC+3): 21:30 UTC is already the next day', async () => {
      const days = await queryOnce<{ before: string; after: string }>(
        database.url,
        `SELECT payout_limit_day('2026-03-05T20:59:59Z')::text AS before, payout_limit_day('2026-03-05T21:00:00Z')::text AS after`,
      );
      expect(days).toEqual([{ before: '2026-03-05', after: '2026-03-06' }]);
    });
  });

  describe('reaper scans', () => {
    it('claims due pending payouts once across concurrent reapers and pushes their next check', async () => {
      const ids = await Promise.all(Array.from({ length: 6 }, () => newPayout('5000')));
      const reaper = new ReaperQueries(dataSource);
      const now = new Date(Date.now() + 1_000);
      const pushTo = new Date(Date.now() + 3_600_000);
      const claims = await Promise.all(
        [1, 2, 3].map(() => reaper.claimDuePending({ now, createdBefore: now, pushTo, limit: 100 })),
      );
      const claimed = claims.flat().filter((id) => ids.includes(id));
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.sort()).toEqual([...ids].sort());
      const next = await queryOnce<{ next_check_at: Date }>(
        database.url,
        'SELECT next_check_at FROM payouts WHERE id = ANY($1::uuid[])',
        [ids],
      );
      expect(next.every((row) => row.next_check_at.getTime() === pushTo.getTime())).toBe(true);
      expect(await reaper.claimDuePending({ now, createdBefore: now, pushTo, limit: 100 })).toEqual([]);
    });

    it('finds submitting attempts no submission answer was recorded for, and not the answered ones', async () => {
      const [unanswered, answered] = [await newPayout('6000'), await newPayout('6100')];
      const created = new Date(Date.now() - 60_000);
      for (const id of [unanswered, answered]) {
        await queryOnce(database.url, `UPDATE payouts SET status = 'submitting', provider = 'alpha' WHERE id = $1`, [
          id,
        ]);
        await payouts.attempts.insert({ payoutId: id, provider: 'alpha', reference: `s-${id}` }, created);
      }
      const answeredAttempt = await payouts.attempts.findLive(answered);
      await payouts.events.append({
        payoutId: answered,
        clientId,
        version: 1,
        from: 'submitting',
        to: 'submitting',
        source: 'dispatch',
        actor: null,
        evidence: { answeredAttemptId: answeredAttempt?.id },
        applied: false,
        reason: 'duplicate',
        detail: 'ambiguous: timeout',
        snapshot: null,
        createdAt: new Date(),
      });
      const found = await new ReaperQueries(dataSource).unansweredAttempts({
        createdBefore: new Date(),
        createdAfter: new Date(Date.now() - 3_600_000),
        providers: ['alpha', 'beta'],
        limit: 100,
      });
      expect(found.map((a) => a.payoutId)).toEqual([unanswered]);
    });

    it('lets the planner use an index for both scans', async () => {
      const plans = await dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        const pending = await manager.query(
          `EXPLAIN SELECT id FROM payouts WHERE status = 'pending' AND next_check_at <= now() AND created_at <= now()
           ORDER BY next_check_at LIMIT 10 FOR UPDATE SKIP LOCKED`,
        );
        const submitting = await manager.query(
          `EXPLAIN SELECT id FROM payouts p WHERE p.provider = ANY($1::text[]) AND p.status = 'submitting'`,
          [['alpha', 'beta']],
        );
        return [pending, submitting].map((rows: { 'QUERY PLAN': string }[]) =>
          rows.map((r) => r['QUERY PLAN']).join('\n'),
        );
      });
      expect(plans[0]).toContain('payouts_next_check_idx');
      expect(plans[1]).toContain('payouts_provider_status_idx');
    });
  });
});
