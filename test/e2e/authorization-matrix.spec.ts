import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { SCOPES, type Scope } from '@libs/clients';
import { QUEUE_PREFIX } from '@libs/platform/queues';
import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type ApiCall, type PayoutsApiHarness } from '../support/payouts-api';

/**
 * Evidence for OWASP API1 (object-level) and API5 (function-level authorization) in docs/security.md: every route
 * that changes something, the scope api.md names for it, whose objects it may touch, and whether it is an ops or
 * admin call that needs a reason and leaves an audit row naming the actor. The last test checks this table against
 * the OpenAPI document, so a new mutating route cannot be added without a row here.
 */

/** What a row acts on: made fresh for each call, so a call that succeeds cannot hide a later one's refusal. */
type Target = Record<string, string>;

interface MutatingRoute {
  route: string;
  /** The scope api.md names for it. */
  scope: Scope;
  /** Ops and admin calls need a reason and are audited (api.md Conventions); a client's own calls are not. */
  audited: { action: string; subjectId: (target: Target) => string } | null;
  prepare: () => Promise<Target>;
  /** `reason` undefined: the call without one. */
  call: (key: string, target: Target, reason?: string) => Promise<ApiCall>;
  /** What the call would change, read from Postgres or Redis: equal before and after a refused call. */
  state: (target: Target) => Promise<unknown>;
}

describe('authorization of every mutating route (API1, API5)', () => {
  let h: PayoutsApiHarness;
  let dispatch: Queue;
  let counter = 0;
  const keyPrefix = `am${randomBytes(3).toString('hex')}:`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14';

  /** One key per scope holding every scope but that one: ops:read is in all of them except its own. */
  const allBut = (scope: Scope) => `allBut_${scope}`;
  const clients: Record<string, Scope[]> = {
    owner: ['payouts:write', 'payouts:read'],
    // Its payouts need one approval (the policy's rule names it): the targets of approve and reject.
    maker: ['payouts:write', 'payouts:read'],
    stranger: ['payouts:write', 'payouts:read'],
    operator: [...SCOPES],
    opsReadOnly: ['ops:read', 'payouts:read'],
    ...Object.fromEntries(SCOPES.map((scope) => [allBut(scope), SCOPES.filter((other) => other !== scope)])),
  };

  const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    queryOnce<T>(h.databaseUrl, text, params);
  const newPayout = async (): Promise<string> => {
    const created = await h.call('POST', '/v1/payouts', {
      key: h.keys.owner,
      idempotencyKey: `matrix-${counter++}`,
      body: VALID_PAYOUT,
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
    return created.body.id as string;
  };
  const payoutState = async ({ payoutId }: Target) =>
    (await sql('SELECT status, version FROM payouts WHERE id = $1', [payoutId]))[0];
  /** The owner's notification of its payout's creation, given up (failed), so a redelivery changes it. */
  const failedDelivery = async (): Promise<Target> => {
    const payoutId = await newPayout();
    const [row] = await sql<{ id: string }>(
      `INSERT INTO notification_deliveries (id, client_id, event_id, payout_id, payout_version, event_type, status,
         attempts, next_attempt_at, created_at, updated_at)
       SELECT gen_random_uuid(), client_id, id, payout_id, version, 'payout.pending', 'failed', 1, NULL, now(), now()
       FROM payout_events WHERE payout_id = $1
       RETURNING id`,
      [payoutId],
    );
    return { deliveryId: row.id };
  };
  /** A period of its own (one day, long past) for each call: a run of Sipay over it does not exist yet. */
  const reconciliationPeriod = async (): Promise<Target> => {
    const from = new Date(Date.UTC(2020, 0, 1) + counter++ * 86_400_000);
    return { provider: 'sipay', from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString() };
  };
  const newRule = async (): Promise<Target> => {
    const created = await h.call('POST', '/v1/routing/rules', { key: h.keys.operator, body: rule('setup') });
    return { ruleId: created.body.id as string };
  };
  const rule = (reason?: string) => ({
    name: `rule ${counter++}`,
    priority: 100 + counter,
    match: { currency: 'TRY', minAmount: '900000000' },
    targets: [{ provider: 'sipay', weight: 1 }],
    fallback: [],
    ...(reason === undefined ? {} : { reason }),
  });
  const approvalRules = () => [{ minAmount: '1', currency: 'TRY', approvals: 1, clientIds: [h.ids.maker] }];
  let policySet = false;
  /** A payout of the maker's, awaiting approval under a policy that holds only the maker's payouts. */
  const awaitingPayout = async (): Promise<Target> => {
    if (!policySet) {
      const set = await h.call('PUT', '/v1/approval-policy', {
        key: h.keys.operator,
        body: { rules: approvalRules(), reason: 'setup' },
      });
      if (set.status !== 200) throw new Error(`policy: ${set.status} ${set.text}`);
      policySet = true;
    }
    const created = await h.call('POST', '/v1/payouts', {
      key: h.keys.maker,
      idempotencyKey: `matrix-${counter++}`,
      body: VALID_PAYOUT,
    });
    if (created.body.status !== 'awaiting_approval') throw new Error(`create: ${created.status} ${created.text}`);
    return { payoutId: created.body.id as string };
  };
  /** A batch of the maker's, awaiting approval by its total under the same policy (decision 0013). */
  const awaitingBatch = async (): Promise<Target> => {
    await awaitingPayout(); // sets the policy once
    const created = await h.call('POST', '/v1/payout-batches', {
      key: h.keys.maker,
      idempotencyKey: `matrix-batch-approval-${counter++}`,
      body: { items: [{ ...VALID_PAYOUT, itemReference: 'a-1' }] },
    });
    if (created.body.status !== 'awaiting_approval') throw new Error(`batch: ${created.status} ${created.text}`);
    return { batchId: created.body.id as string };
  };
  const batchState = async ({ batchId }: Target) =>
    (await sql('SELECT status, approval FROM payout_batches WHERE id = $1', [batchId]))[0];
  const failedJob = async (): Promise<Target> => {
    const jobId = `matrix-job-${counter++}`;
    await dispatch.add('dispatch-payout', { payoutId: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b' }, { jobId, attempts: 1 });
    const worker = new Worker(
      'dispatch',
      async () => {
        throw new Error('provider unreachable');
      },
      { connection: { url: redisUrl }, prefix: `${keyPrefix}${QUEUE_PREFIX}` },
    );
    await new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    await worker.close();
    return { jobId };
  };
  const body = (reason?: string, fields: Record<string, unknown> = {}) => ({
    ...fields,
    ...(reason === undefined ? {} : { reason }),
  });
  /** A date of its own for each call, years ahead (a closure may only be changed for today or later). */
  const closureDate = (): Target => ({
    date: new Date(Date.UTC(2031, 0, 1) + counter++ * 86_400_000).toISOString().slice(0, 10),
  });
  const closureState = async ({ date }: Target) =>
    sql('SELECT reason, half_day_until FROM calendar_closures WHERE date = $1::date', [date]);
  const existingClosure = async (): Promise<Target> => {
    const target = closureDate();
    await sql(`INSERT INTO calendar_closures (date, reason, updated_at) VALUES ($1::date, 'setup', now())`, [
      target.date,
    ]);
    return target;
  };
  const opsPageRefresh = async (key: string, payoutId: string, reason?: string): Promise<ApiCall> => {
    const response = await fetch(`${h.api.baseUrl}/ops/payouts/${payoutId}/refresh`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: reason === undefined ? '' : `reason=${encodeURIComponent(reason)}`,
    });
    // The page answers with a redirect that names the outcome; a missing reason is reason_required.
    const location = response.headers.get('location') ?? '';
    const status = location.includes('error=reason_required') ? 400 : response.status;
    return { status, headers: response.headers, text: await response.text(), body: { location } };
  };

  // The payout page's resolve form, at its confirming step (the review step before it changes and audits nothing),
  // with the payout's version as the review page carries it.
  const opsPageResolve = async (key: string, payoutId: string, reason?: string): Promise<ApiCall> => {
    const [{ version }] = await sql<{ version: number }>('SELECT version FROM payouts WHERE id = $1', [payoutId]);
    const form = new URLSearchParams({
      step: 'confirm',
      status: 'failed',
      evidence: 'ticket 1',
      version: `${version}`,
    });
    if (reason !== undefined) form.set('reason', reason);
    const response = await fetch(`${h.api.baseUrl}/ops/payouts/${payoutId}/resolve`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return { status: response.status, headers: response.headers, text: await response.text(), body: {} };
  };

  // The /ops approvals queue's form (approve or reject as the signed-in client); a missing reason is reason_required.
  const opsPageDecision = async (
    key: string,
    payoutId: string,
    decision: 'approve' | 'reject',
    reason?: string,
    subject: 'payouts' | 'batches' = 'payouts',
  ): Promise<ApiCall> => {
    const response = await fetch(`${h.api.baseUrl}/ops/${subject}/${payoutId}/${decision}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: reason === undefined ? '' : `reason=${encodeURIComponent(reason)}`,
    });
    const location = response.headers.get('location') ?? '';
    const status = location.includes('error=reason_required') ? 400 : response.status;
    return { status, headers: response.headers, text: await response.text(), body: { location } };
  };

  // prettier-ignore
  const ROUTES: MutatingRoute[] = [
    { route: 'POST /v1/payouts', scope: 'payouts:write', audited: null,
      prepare: async () => ({ idempotencyKey: `matrix-create-${counter++}` }),
      call: (key, t) => h.call('POST', '/v1/payouts', { key, idempotencyKey: t.idempotencyKey, body: VALID_PAYOUT }),
      state: async () => (await sql('SELECT count(*)::int AS n FROM payouts'))[0] },
    { route: 'POST /v1/payout-batches', scope: 'payouts:write', audited: null,
      prepare: async () => ({ idempotencyKey: `matrix-batch-${counter++}` }),
      call: (key, t) =>
        h.call('POST', '/v1/payout-batches', { key, idempotencyKey: t.idempotencyKey, body: { items: [{ ...VALID_PAYOUT, itemReference: 'm-1' }] } }),
      state: async () => (await sql('SELECT count(*)::int AS n FROM payout_batches'))[0] },
    { route: 'POST /v1/payouts/{id}/cancel', scope: 'payouts:write', audited: null,
      prepare: async () => ({ payoutId: await newPayout() }),
      call: (key, t, reason) => h.call('POST', `/v1/payouts/${t.payoutId}/cancel`, { key, body: body(reason) }),
      state: payoutState },
    // Audited too (payout.approve), but its reason is optional: the approvals e2e checks its audit row.
    { route: 'POST /v1/payouts/{id}/approve', scope: 'payouts:approve', audited: null,
      prepare: awaitingPayout,
      call: (key, t, reason) => h.call('POST', `/v1/payouts/${t.payoutId}/approve`, { key, body: body(reason) }),
      state: payoutState },
    { route: 'POST /v1/payouts/{id}/reject', scope: 'payouts:approve',
      audited: { action: 'payout.reject', subjectId: (t) => t.payoutId },
      prepare: awaitingPayout,
      call: (key, t, reason) => h.call('POST', `/v1/payouts/${t.payoutId}/reject`, { key, body: body(reason) }),
      state: payoutState },
    { route: 'POST /v1/payout-batches/{id}/cancel', scope: 'payouts:write', audited: null,
      prepare: awaitingBatch,
      call: (key, t, reason) => h.call('POST', `/v1/payout-batches/${t.batchId}/cancel`, { key, body: body(reason) }),
      state: async (t) => ({
        batch: await batchState(t),
        items: await sql('SELECT status FROM payouts WHERE batch_id = $1', [t.batchId]),
      }) },
    // Audited too (payout_batch.approve), but its reason is optional: the batch approvals e2e checks its audit row.
    { route: 'POST /v1/payout-batches/{id}/approve', scope: 'payouts:approve', audited: null,
      prepare: awaitingBatch,
      call: (key, t, reason) => h.call('POST', `/v1/payout-batches/${t.batchId}/approve`, { key, body: body(reason) }),
      state: batchState },
    { route: 'POST /v1/payout-batches/{id}/reject', scope: 'payouts:approve',
      audited: { action: 'payout_batch.reject', subjectId: (t) => t.batchId },
      prepare: awaitingBatch,
      call: (key, t, reason) => h.call('POST', `/v1/payout-batches/${t.batchId}/reject`, { key, body: body(reason) }),
      state: batchState },
    { route: 'PUT /v1/approval-policy', scope: 'routing:admin',
      audited: { action: 'approval_policy.updated', subjectId: () => 'new' },
      prepare: async () => ({}),
      call: (key, _t, reason) => h.call('PUT', '/v1/approval-policy', { key, body: body(reason, { rules: approvalRules() }) }),
      state: async () => (await sql('SELECT count(*)::int AS n FROM approval_policies'))[0] },
    { route: 'POST /v1/notifications/{id}/redeliver', scope: 'payouts:write', audited: null,
      prepare: failedDelivery,
      call: (key, t) => h.call('POST', `/v1/notifications/${t.deliveryId}/redeliver`, { key }),
      state: async (t) => (await sql('SELECT status FROM notification_deliveries WHERE id = $1', [t.deliveryId]))[0] },
    { route: 'POST /v1/routing/rules', scope: 'routing:admin',
      audited: { action: 'routing_rule.created', subjectId: () => 'new' },
      prepare: async () => ({}),
      call: (key, _t, reason) => h.call('POST', '/v1/routing/rules', { key, body: rule(reason) }),
      state: async () => (await sql('SELECT count(*)::int AS n FROM routing_rules'))[0] },
    { route: 'PUT /v1/routing/rules/{id}', scope: 'routing:admin',
      audited: { action: 'routing_rule.updated', subjectId: (t) => t.ruleId },
      prepare: newRule,
      call: (key, t, reason) => h.call('PUT', `/v1/routing/rules/${t.ruleId}`, { key, body: rule(reason) }),
      state: async (t) => (await sql('SELECT version FROM routing_rules WHERE id = $1', [t.ruleId]))[0] },
    { route: 'DELETE /v1/routing/rules/{id}?reason=', scope: 'routing:admin',
      audited: { action: 'routing_rule.deleted', subjectId: (t) => t.ruleId },
      prepare: newRule,
      call: (key, t, reason) =>
        h.call('DELETE', `/v1/routing/rules/${t.ruleId}${reason === undefined ? '' : `?reason=${encodeURIComponent(reason)}`}`, { key }),
      state: async (t) => (await sql('SELECT version FROM routing_rules WHERE id = $1', [t.ruleId]))[0] },
    { route: 'PATCH /v1/providers/{name}', scope: 'routing:admin',
      audited: { action: 'provider_settings.updated', subjectId: () => 'sipay' },
      prepare: async () => ({}),
      call: (key, _t, reason) => h.call('PATCH', '/v1/providers/sipay', { key, body: body(reason, { enabled: true }) }),
      state: async () => sql("SELECT version FROM provider_settings WHERE provider = 'sipay'") },
    { route: 'PUT /v1/calendar/closures/{date}', scope: 'routing:admin',
      audited: { action: 'calendar_closure.added', subjectId: (t) => t.date },
      prepare: async () => closureDate(),
      call: (key, t, reason) =>
        h.call('PUT', `/v1/calendar/closures/${t.date}`, { key, body: body(reason, { halfDayUntil: '12:00' }) }),
      state: closureState },
    { route: 'DELETE /v1/calendar/closures/{date}?reason=', scope: 'routing:admin',
      audited: { action: 'calendar_closure.removed', subjectId: (t) => t.date },
      prepare: existingClosure,
      call: (key, t, reason) =>
        h.call('DELETE', `/v1/calendar/closures/${t.date}${reason === undefined ? '' : `?reason=${encodeURIComponent(reason)}`}`, { key }),
      state: closureState },
    { route: 'POST /v1/ops/payouts/{id}/refresh', scope: 'ops:write',
      audited: { action: 'payout.refresh', subjectId: (t) => t.payoutId },
      prepare: async () => ({ payoutId: await newPayout() }),
      call: (key, t, reason) => h.call('POST', `/v1/ops/payouts/${t.payoutId}/refresh`, { key, body: body(reason) }),
      state: payoutState },
    { route: 'POST /v1/ops/payouts/{id}/resolve', scope: 'ops:write',
      audited: { action: 'payout.resolve', subjectId: (t) => t.payoutId },
      prepare: async () => ({ payoutId: await newPayout() }),
      call: (key, t, reason) =>
        h.call('POST', `/v1/ops/payouts/${t.payoutId}/resolve`, { key, body: body(reason, { status: 'failed', evidence: 'ticket 1' }) }),
      state: payoutState },
    { route: 'POST /v1/ops/queues/{queue}/jobs/{jobId}/retry', scope: 'ops:write',
      audited: { action: 'queue_job.retry', subjectId: (t) => `dispatch/${t.jobId}` },
      prepare: failedJob,
      call: (key, t, reason) => h.call('POST', `/v1/ops/queues/dispatch/jobs/${t.jobId}/retry`, { key, body: body(reason) }),
      state: async (t) => dispatch.getJobState(t.jobId) },
    { route: 'POST /v1/reconciliation/runs', scope: 'ops:write',
      audited: { action: 'reconciliation_run.started', subjectId: () => 'new' },
      prepare: reconciliationPeriod,
      call: (key, t, reason) => h.call('POST', '/v1/reconciliation/runs', { key, body: body(reason, t) }),
      state: async (t) => (await sql('SELECT count(*)::int AS n FROM reconciliation_runs WHERE from_at = $1', [t.from]))[0] },
    { route: 'POST /ops/payouts/{id}/refresh (the /ops page form)', scope: 'ops:write',
      audited: { action: 'payout.refresh', subjectId: (t) => t.payoutId },
      prepare: async () => ({ payoutId: await newPayout() }),
      call: (key, t, reason) => opsPageRefresh(key, t.payoutId, reason),
      state: payoutState },
    { route: 'POST /ops/payouts/{id}/resolve (the payout page form, confirmed)', scope: 'ops:write',
      audited: { action: 'payout.resolve', subjectId: (t) => t.payoutId },
      prepare: async () => ({ payoutId: await newPayout() }),
      call: (key, t, reason) => opsPageResolve(key, t.payoutId, reason),
      state: payoutState },
    // Audited too (payout.approve), but its reason is optional, as on the API.
    { route: 'POST /ops/payouts/{id}/approve (the approvals queue form)', scope: 'payouts:approve', audited: null,
      prepare: awaitingPayout,
      call: (key, t, reason) => opsPageDecision(key, t.payoutId, 'approve', reason),
      state: payoutState },
    { route: 'POST /ops/payouts/{id}/reject (the approvals queue form)', scope: 'payouts:approve',
      audited: { action: 'payout.reject', subjectId: (t) => t.payoutId },
      prepare: awaitingPayout,
      call: (key, t, reason) => opsPageDecision(key, t.payoutId, 'reject', reason),
      state: payoutState },
    { route: 'POST /ops/batches/{id}/approve (the approvals queue form)', scope: 'payouts:approve', audited: null,
      prepare: awaitingBatch,
      call: (key, t, reason) => opsPageDecision(key, t.batchId, 'approve', reason, 'batches'),
      state: batchState },
    { route: 'POST /ops/batches/{id}/reject (the approvals queue form)', scope: 'payouts:approve',
      audited: { action: 'payout_batch.reject', subjectId: (t) => t.batchId },
      prepare: awaitingBatch,
      call: (key, t, reason) => opsPageDecision(key, t.batchId, 'reject', reason, 'batches'),
      state: batchState },
  ];
  const AUDITED = ROUTES.filter((row) => row.audited !== null);
  const REASON = 'matrix: on-call check';

  const auditRows = async (row: MutatingRoute, target: Target) => {
    if (!row.audited) return [];
    const subject = row.audited.subjectId(target);
    return sql<{ actor_client_id: string; reason: string }>(
      `SELECT actor_client_id, reason FROM audit_log WHERE action = $1 ${subject === 'new' ? '' : 'AND subject_id = $2'}
       ORDER BY created_at`,
      subject === 'new' ? [row.audited.action] : [row.audited.action, subject],
    );
  };

  beforeAll(async () => {
    h = await startPayoutsApi('authz_matrix', clients, { REDIS_KEY_PREFIX: keyPrefix });
    dispatch = new Queue('dispatch', { connection: { url: redisUrl }, prefix: `${keyPrefix}${QUEUE_PREFIX}` });
  });
  afterAll(async () => {
    await dispatch?.obliterate({ force: true });
    await dispatch?.close();
    await h?.close();
  });

  it.each(ROUTES.map((row) => [row.route, row] as const))(
    '%s: a key with every scope but the one it needs gets 403 and changes nothing',
    async (_route, row) => {
      const target = await row.prepare();
      const before = await row.state(target);
      const answer = await row.call(h.keys[allBut(row.scope)], target, REASON);
      expect(answer.status).toBe(403);
      expect(await row.state(target)).toEqual(before);
    },
  );

  it.each(ROUTES.map((row) => [row.route, row] as const))('%s: ops:read alone never grants it', async (_route, row) => {
    const target = await row.prepare();
    const before = await row.state(target);
    const answer = await row.call(h.keys.opsReadOnly, target, REASON);
    expect([403, 404]).toContain(answer.status);
    expect(await row.state(target)).toEqual(before);
  });

  it.each(AUDITED.map((row) => [row.route, row] as const))(
    '%s: without a reason it answers 400 naming reason, changes nothing and audits nothing',
    async (_route, row) => {
      const target = await row.prepare();
      const before = await row.state(target);
      const auditsBefore = await auditRows(row, target);
      const answer = await row.call(h.keys.operator, target);
      expect(answer.status).toBe(400);
      if (answer.body.code !== undefined) {
        expect(answer.body.errors).toContainEqual(expect.objectContaining({ field: 'reason' }));
      }
      expect(await row.state(target)).toEqual(before);
      expect(await auditRows(row, target)).toEqual(auditsBefore);
    },
  );

  it.each(AUDITED.map((row) => [row.route, row] as const))(
    '%s: with a reason it is carried out (or refused by the state machine) and audited with the actor and the reason',
    async (_route, row) => {
      const target = await row.prepare();
      const answer = await row.call(h.keys.operator, target, REASON);
      // Refresh and resolve of a pending payout are refused with 409 (nothing to look up or resolve): still audited.
      expect([200, 201, 303, 409]).toContain(answer.status);
      expect((await auditRows(row, target)).at(-1)).toEqual({ actor_client_id: h.ids.operator, reason: REASON });
    },
  );

  describe("another client's objects", () => {
    it('cancel: 404 to a key that cannot see it, 403 with ops:read but no ops:write, done and audited with ops:write', async () => {
      const payoutId = await newPayout();
      const cancel = (key: string) =>
        h.call('POST', `/v1/payouts/${payoutId}/cancel`, { key: h.keys[key], body: { reason: REASON } });
      expect((await cancel('stranger')).status).toBe(404);
      expect((await cancel(allBut('ops:write'))).status).toBe(403); // the issue's key: payouts:write + ops:read
      expect(await payoutState({ payoutId })).toEqual({ status: 'pending', version: 1 });
      expect((await cancel('operator')).status).toBe(200);
      expect(await sql('SELECT actor_client_id, reason FROM audit_log WHERE subject_id = $1', [payoutId])).toEqual([
        { actor_client_id: h.ids.operator, reason: REASON },
      ]);
    });

    it("redeliver: another client's notification is not found, whatever the key's scopes", async () => {
      const { deliveryId } = await failedDelivery();
      for (const key of ['operator', allBut('routing:admin'), allBut('ops:write')]) {
        const answer = await h.call('POST', `/v1/notifications/${deliveryId}/redeliver`, { key: h.keys[key] });
        expect({ key, status: answer.status }).toEqual({ key, status: 404 });
      }
      const [row] = await sql('SELECT status FROM notification_deliveries WHERE id = $1', [deliveryId]);
      expect(row).toEqual({ status: 'failed' });
      expect((await h.call('POST', `/v1/notifications/${deliveryId}/redeliver`, { key: h.keys.owner })).status).toBe(
        202,
      );
    });
  });

  it('lists every mutating route of the OpenAPI document (webhooks aside: providers sign them)', async () => {
    const document = (await (await fetch(`${h.api.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
      )
      .filter((route) => !route.includes('/v1/webhooks/'))
      .sort();
    // POST /v1/routing/explain is a POST that changes nothing (its body is a payout to explain); routing:admin reads it.
    const listed = [
      ...ROUTES.map((row) => row.route.split(' ').slice(0, 2).join(' ').replace('?reason=', '')),
      'POST /v1/routing/explain',
    ]
      .filter((route) => route.includes(' /v1/'))
      .sort();
    expect(documented).toEqual(listed);
  });
});
