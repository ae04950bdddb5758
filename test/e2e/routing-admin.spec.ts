import { randomBytes } from 'node:crypto';
import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

// The routing admin API (rules, explain, providers) on real Postgres and Redis, the api booted in this process.
describe('routing admin API', () => {
  let h: PayoutsApiHarness;
  const admin = (method: string, path: string, body?: unknown) => h.call(method, path, { key: h.keys.admin, body });
  const auditOf = (subjectId: string) =>
    queryOnce<{ action: string; actor_client_id: string; reason: string; details: Record<string, unknown> }>(
      h.databaseUrl,
      'SELECT action, actor_client_id, reason, details FROM audit_log WHERE subject_id = $1 ORDER BY created_at, id',
      [subjectId],
    );
  const RULE = {
    name: 'large TRY to sipay',
    priority: 10,
    match: { currency: 'TRY', minAmount: '1000000' },
    targets: [{ provider: 'sipay', weight: 1 }],
    fallback: ['pientegra'],
    reason: 'sipay is cheaper above 10,000 TRY',
  };

  beforeAll(async () => {
    h = await startPayoutsApi(
      'routing_admin',
      { admin: ['routing:admin'], writer: ['payouts:write', 'payouts:read'] },
      { REDIS_KEY_PREFIX: `ra${randomBytes(3).toString('hex')}:` },
    );
  });
  afterAll(() => h?.close());

  describe('rules', () => {
    it('creates a rule at version 1, bumps the version on every change, and audits each with actor and reason', async () => {
      const created = await admin('POST', '/v1/routing/rules', RULE);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: RULE.name,
        priority: 10,
        enabled: true,
        match: { currency: 'TRY', minAmount: '1000000' },
        targets: [{ provider: 'sipay', weight: 1 }],
        fallback: ['pientegra'],
        version: 1,
        deletedAt: null,
      });
      const id = created.body.id as string;

      const replaced = await admin('PUT', `/v1/routing/rules/${id}`, {
        ...RULE,
        match: { minAmount: '2000000', bankCodes: ['00062'] },
        reason: 'raise the threshold',
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ version: 2, match: { minAmount: '2000000', bankCodes: ['00062'] } });
      expect((replaced.body.match as Record<string, unknown>).currency).toBeUndefined();

      const listed = await admin('GET', '/v1/routing/rules');
      expect((listed.body.data as { id: string }[]).map((rule) => rule.id)).toContain(id);

      const deleted = await h.call('DELETE', `/v1/routing/rules/${id}?reason=${encodeURIComponent('retired')}`, {
        key: h.keys.admin,
      });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({ version: 3, deletedAt: expect.any(String) });
      // Soft delete: gone from the list, still readable (a payout's routing.ruleId must resolve).
      expect(((await admin('GET', '/v1/routing/rules')).body.data as { id: string }[]).map((r) => r.id)).not.toContain(
        id,
      );
      expect((await admin('GET', `/v1/routing/rules/${id}`)).body).toMatchObject({ id, version: 3 });
      expect((await admin('PUT', `/v1/routing/rules/${id}`, RULE)).status).toBe(404);

      const audit = await auditOf(id);
      expect(audit.map((row) => [row.action, row.actor_client_id, row.reason])).toEqual([
        ['routing_rule.created', h.ids.admin, RULE.reason],
        ['routing_rule.updated', h.ids.admin, 'raise the threshold'],
        ['routing_rule.deleted', h.ids.admin, 'retired'],
      ]);
      expect(audit[1].details).toMatchObject({ before: { version: 1 }, after: { version: 2 } });
    });

    it('refuses invalid rules naming each field, as problem+json validation_failed', async () => {
      const answer = await admin('POST', '/v1/routing/rules', {
        ...RULE,
        match: { minAmount: 1000, maxAmount: '10.50', nonsense: true },
        targets: [{ provider: 'nope', weight: 1 }],
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.code).toBe('validation_failed');
      const fields = (answer.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['match.minAmount', 'match.maxAmount', 'match.nonsense']));

      const semantic = await admin('POST', '/v1/routing/rules', {
        ...RULE,
        targets: [{ provider: 'nope', weight: 0 }],
        fallback: ['sipay', 'sipay'],
      });
      expect(semantic.status).toBe(400);
      expect((semantic.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
        expect.arrayContaining(['targets[0].provider', 'targets[0].weight', 'fallback[1]']),
      );
    });

    it('requires a reason for every change', async () => {
      const { reason: _reason, ...withoutReason } = RULE;
      const answer = await admin('POST', '/v1/routing/rules', withoutReason);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
      const created = await admin('POST', '/v1/routing/rules', RULE);
      const deleted = await admin('DELETE', `/v1/routing/rules/${created.body.id as string}`);
      expect(deleted.status).toBe(400);
      expect(deleted.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
      await h.call('DELETE', `/v1/routing/rules/${created.body.id as string}?reason=cleanup`, { key: h.keys.admin });
    });

    it('answers 404 for unknown and malformed rule ids, 403 without routing:admin', async () => {
      expect((await admin('GET', '/v1/routing/rules/0193a1b2-0000-7000-8000-000000000999')).status).toBe(404);
      expect((await admin('GET', '/v1/routing/rules/not-a-uuid')).status).toBe(404);
      const forbidden = await h.call('GET', '/v1/routing/rules', { key: h.keys.writer });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('forbidden');
    });
  });

  describe('explain', () => {
    it('names the provider, the deciding rule and why each provider is or is not eligible, and changes nothing', async () => {
      const rule = await admin('POST', '/v1/routing/rules', RULE);
      const ruleId = rule.body.id as string;
      const auditBefore = await queryOnce(h.databaseUrl, 'SELECT count(*)::int AS n FROM audit_log');
      const payoutsBefore = await queryOnce(h.databaseUrl, 'SELECT count(*)::int AS n FROM payouts');

      const big = await admin('POST', '/v1/routing/explain', { ...VALID_PAYOUT, amount: '1500000' });
      expect(big.status).toBe(200);
      expect(big.body).toMatchObject({
        provider: 'sipay',
        ruleId,
        ruleVersion: 1,
        providers: [
          { provider: 'pientegra', eligible: true, reason: 'eligible' },
          { provider: 'sipay', eligible: true, reason: 'eligible' },
        ],
      });
      expect(big.body.rules).toEqual(
        expect.arrayContaining([expect.objectContaining({ ruleId, matched: true, reason: 'matched: decides' })]),
      );

      const noNationalId = await admin('POST', '/v1/routing/explain', {
        ...VALID_PAYOUT,
        amount: '1500000',
        beneficiary: { name: 'Ahmet Yılmaz', iban: VALID_PAYOUT.beneficiary.iban },
      });
      expect(noNationalId.body).toMatchObject({ provider: 'pientegra', ruleId });
      expect(noNationalId.body.providers).toContainEqual({
        provider: 'sipay',
        eligible: false,
        reason: 'requires beneficiary.nationalId',
      });

      const bad = await admin('POST', '/v1/routing/explain', { ...VALID_PAYOUT, amount: '-5', currency: 'try' });
      expect(bad.status).toBe(400);
      expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['amount', 'currency']);

      expect(await queryOnce(h.databaseUrl, 'SELECT count(*)::int AS n FROM audit_log')).toEqual(auditBefore);
      expect(await queryOnce(h.databaseUrl, 'SELECT count(*)::int AS n FROM payouts')).toEqual(payoutsBefore);
      expect((await admin('GET', `/v1/routing/rules/${ruleId}`)).body.version).toBe(1);
      await h.call('DELETE', `/v1/routing/rules/${ruleId}?reason=cleanup`, { key: h.keys.admin });
    });
  });

  describe('providers', () => {
    it('lists every provider with its settings, capabilities, usage and health', async () => {
      const answer = await admin('GET', '/v1/providers');
      expect(answer.status).toBe(200);
      const data = answer.body.data as Record<string, unknown>[];
      expect(data.map((p) => p.name)).toEqual(['pientegra', 'sipay']);
      expect(data[1]).toMatchObject({
        enabled: true,
        drain: false,
        minAmount: null,
        dailyLimit: null,
        version: 0,
        configured: { enabled: true, usesSandbox: true },
        capabilities: { currencies: ['TRY'], requiresNationalId: true },
        dailyUsed: '0',
        health: { circuit: 'closed', errorRate: 0 },
      });
    });

    it('drains, limits and re-enables a provider; each change bumps the version, is audited and reaches explain', async () => {
      const drained = await admin('PATCH', '/v1/providers/sipay', {
        drain: true,
        dailyLimit: '90000000',
        reason: 'maintenance',
      });
      expect(drained.status).toBe(200);
      expect(drained.body).toMatchObject({ drain: true, dailyLimit: '90000000', version: 1 });
      const explained = await admin('POST', '/v1/routing/explain', { ...VALID_PAYOUT, provider: 'sipay' });
      expect(explained.body).toMatchObject({ provider: null });
      expect(explained.body.providers).toContainEqual({
        provider: 'sipay',
        eligible: false,
        reason: 'draining: takes no new payouts',
      });

      const limited = await admin('PATCH', '/v1/providers/sipay', { drain: false, maxAmount: '100000', reason: 'cap' });
      expect(limited.body).toMatchObject({ drain: false, maxAmount: '100000', dailyLimit: '90000000', version: 2 });
      const tooBig = await admin('POST', '/v1/routing/explain', {
        ...VALID_PAYOUT,
        amount: '100001',
        provider: 'sipay',
      });
      expect(tooBig.body.providers).toContainEqual({
        provider: 'sipay',
        eligible: false,
        reason: 'amount above its maximum 100000',
      });

      const cleared = await admin('PATCH', '/v1/providers/sipay', {
        maxAmount: null,
        dailyLimit: null,
        reason: 'done',
      });
      expect(cleared.body).toMatchObject({ maxAmount: null, dailyLimit: null, version: 3 });
      const audit = await auditOf('sipay');
      expect(audit.map((row) => [row.action, row.reason])).toEqual([
        ['provider_settings.updated', 'maintenance'],
        ['provider_settings.updated', 'cap'],
        ['provider_settings.updated', 'done'],
      ]);
      expect(audit[0].details).toMatchObject({
        before: { drain: false, version: 0 },
        after: { drain: true, version: 1 },
      });
    });

    it('refuses limits outside the adapter’s own, bad amounts, unknown providers and a missing reason', async () => {
      const below = await admin('PATCH', '/v1/providers/pientegra', { minAmount: '1', reason: 'x' });
      expect(below.status).toBe(400);
      expect(below.body.errors).toEqual([{ field: 'minAmount', message: expect.stringContaining('minimum') }]);
      const crossed = await admin('PATCH', '/v1/providers/sipay', {
        minAmount: '5000',
        maxAmount: '4000',
        reason: 'x',
      });
      expect((crossed.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['minAmount']);
      const number = await admin('PATCH', '/v1/providers/sipay', { dailyLimit: 5000, reason: 'x' });
      expect(number.body.errors).toEqual([{ field: 'dailyLimit', message: expect.stringContaining('string') }]);
      expect((await admin('PATCH', '/v1/providers/nope', { drain: true, reason: 'x' })).status).toBe(404);
      const noReason = await admin('PATCH', '/v1/providers/sipay', { drain: true });
      expect(noReason.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
      const unknownField = await admin('PATCH', '/v1/providers/sipay', { drain: true, weight: 3, reason: 'x' });
      expect(unknownField.status).toBe(400);
    });
  });

  it('documents every routing route in the OpenAPI document, with examples and problem answers', async () => {
    const answer = await h.call('GET', '/docs-json');
    const paths = answer.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/v1/routing/rules',
        '/v1/routing/rules/{id}',
        '/v1/routing/explain',
        '/v1/providers',
        '/v1/providers/{name}',
      ]),
    );
    expect(Object.keys(paths['/v1/routing/rules'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '403']),
    );
    expect(Object.keys(paths['/v1/providers/{name}'].patch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404']),
    );
    expect(JSON.stringify(answer.body.components)).toContain('Sipay has the better fee');
  });
});
