import { createClients } from '../support/clients';
import { queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface StuckRow {
  payout: { id: string; status: string; provider: string | null; providerReference: string | null; version: number };
  ageSeconds: number;
  reason: string;
  nextCheckAt: string | null;
  pollCount: number;
  lastPolledAt: string | null;
  lastProviderAnswer: { httpStatus: number | null; body: unknown } | null;
  needsAttention: boolean;
  nextAction: string;
}

/** A worker whose metrics URL is known: its start-up line (info level) says where it listens. */
async function addWorkerWithPort(stack: Stack, env: Record<string, string> = {}): Promise<string> {
  const worker = await stack.addWorker({ LOG_LEVEL: 'info', ...env });
  const port = /health and metrics on http:\/\/127\.0\.0\.1:(\d+)/.exec(worker.output())?.[1];
  if (!port) throw new Error('the worker did not say where its metrics are');
  return `http://127.0.0.1:${port}`;
}

async function stuckRows(stack: Stack, query = ''): Promise<StuckRow[]> {
  const answer = await stack.call<{ data: StuckRow[] }>('GET', `/v1/ops/stuck${query}`);
  if (answer.status !== 200) throw new Error(`GET /v1/ops/stuck${query}: ${answer.status} ${answer.text}`);
  return answer.body.data;
}

/** The value of one series of a Prometheus text exposition, or undefined when the series is absent. */
async function gauge(baseUrl: string, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    const present = labelText.split(',');
    if (wanted.every((label) => present.includes(label))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const waitForGauge = (
  baseUrl: string,
  name: string,
  labels: Record<string, string>,
  accept: (value: number) => boolean,
  what: string,
) =>
  waitUntil(
    async () => {
      const value = await gauge(baseUrl, name, labels);
      return value !== undefined && accept(value) ? value : undefined;
    },
    30_000,
    what,
  );

async function attemptReference(stack: Stack, payoutId: string): Promise<string> {
  const { body } = await stack.call<{ attempts: { reference: string; status: string }[] }>(
    'GET',
    `/v1/payouts/${payoutId}?expand=attempts`,
  );
  const live = body.attempts.find((attempt) => attempt.status !== 'rejected');
  if (!live) throw new Error(`payout ${payoutId} has no live attempt`);
  return live.reference;
}

// The ops surface end to end: sandbox, api and worker as real processes. Sipay scenario 13 reaches manual_review the
// way production does (dispatch, then the poller finds no webhook within SIPAY_WEBHOOK_WINDOW); STUCK_AFTER makes it
// stuck after 1 s. POLL_TIME_SCALE 0.02 keeps the poller's manual_review looks seconds apart, so the refresh below is
// the one that sees the release.
describe('ops: stuck payouts, refresh, resolve and the gauges (e2e)', () => {
  let stack: Stack;
  let workerUrl: string;
  let readOnlyKey: string;
  let payoutsOnlyKey: string;
  let released: string;
  let resolvable: string;

  const IBAN = 'TR320010009999901234567890';
  const gaugeLabels = { status: 'manual_review', provider: 'sipay', age_bucket: '0-15m' };

  beforeAll(async () => {
    stack = await Stack.start({
      label: 'ops_stuck',
      workers: 0,
      env: { POLL_TIME_SCALE: '0.02', STUCK_AFTER: 'manual_review=1s' },
    });
    workerUrl = await addWorkerWithPort(stack);
    [{ key: readOnlyKey }, { key: payoutsOnlyKey }] = await createClients(stack.databaseUrl, [
      { name: 'on-call viewer', scopes: ['ops:read'] },
      { name: 'shop', scopes: ['payouts:read', 'payouts:write'] },
    ]);
    const create = async (amount: string) => {
      const answer = await stack.createPayout({ amount, provider: 'sipay', reference: `ops-${amount}` });
      expect(answer.status).toBe(201);
      return answer.body.id;
    };
    [released, resolvable] = await Promise.all([create('250013'), create('250014')]);
    await Promise.all([released, resolvable].map((id) => stack.waitForStatus(id, ['manual_review'], 90_000)));
  }, 180_000);
  afterAll(() => stack?.stop());

  it('lists the manual_review payout once it is older than its threshold, saying why and what comes next', async () => {
    const row = await waitUntil(
      async () => (await stuckRows(stack, '?status=manual_review')).find((r) => r.payout.id === released),
      15_000,
      'the payout to be listed as stuck',
    );
    const entered = await queryOnce<{ created_at: Date }>(
      stack.databaseUrl,
      "SELECT created_at FROM payout_events WHERE payout_id = $1 AND applied AND to_status = 'manual_review'",
      [released],
    );
    expect(Date.now() - entered[0].created_at.getTime()).toBeGreaterThanOrEqual(1_000);
    expect(row.ageSeconds).toBeGreaterThanOrEqual(1);
    expect(row.payout).toMatchObject({ status: 'manual_review', provider: 'sipay' });
    expect(row.payout.providerReference).toMatch(/^\d+$/);
    expect(row.reason).toMatch(
      /^in manual_review for .* \(threshold 1s\); sipay manual review: .*only polling resolves it/,
    );
    expect(row.nextAction).toMatch(/^next poll at \d{4}-.*; \d+ polls? left in the schedule$/);
    expect(row.nextCheckAt).not.toBeNull();
    expect(row.pollCount).toBeGreaterThanOrEqual(1);
    expect(row.lastPolledAt).not.toBeNull();
    expect(row.lastProviderAnswer).toMatchObject({ httpStatus: 200, body: expect.any(Object) });
    expect(row.needsAttention).toBe(false);
    expect(JSON.stringify(row)).not.toContain(IBAN);

    expect((await stuckRows(stack, '?olderThan=1h')).map((r) => r.payout.id)).not.toContain(released);
    const everyLive = await stuckRows(stack, '?olderThan=0s');
    expect(everyLive.map((r) => r.payout.id)).toEqual(expect.arrayContaining([released, resolvable]));
    expect((await stuckRows(stack, '?provider=pientegra')).map((r) => r.payout.id)).not.toContain(released);
  });

  it('shows the stuck gauge on the api and on the worker, and the oldest live age', async () => {
    for (const url of [stack.apiUrl, workerUrl]) {
      await waitForGauge(url, 'payouts_stuck', gaugeLabels, (v) => v >= 1, `payouts_stuck >= 1 on ${url}`);
      expect(await gauge(url, 'payouts_oldest_non_terminal_age_seconds', { status: 'manual_review' })).toBeGreaterThan(
        0,
      );
      expect(
        await gauge(url, 'payouts_by_status', { status: 'manual_review', provider: 'sipay' }),
      ).toBeGreaterThanOrEqual(1);
      expect(await gauge(url, 'queue_depth', { queue: 'dispatch', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    }
  });

  it('summarises counts the way api.md shows them', async () => {
    const { status, body } = await stack.call<Record<string, unknown>>('GET', '/v1/ops/summary');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      ['byProvider', 'byStatus', 'contradictions', 'needsAttention', 'oldestAgeSeconds', 'orphanWebhooks'].sort(),
    );
    expect(body.byStatus).toMatchObject({ manual_review: expect.any(Number), succeeded: expect.any(Number) });
    expect((body.byProvider as Record<string, Record<string, number>>).sipay.manual_review).toBeGreaterThanOrEqual(2);
    expect((body.oldestAgeSeconds as Record<string, number>).manual_review).toBeGreaterThanOrEqual(1);
    expect(body).toMatchObject({ orphanWebhooks: expect.any(Number), needsAttention: 0, contradictions: 0 });
  });

  it('keeps ops routes to ops scopes', async () => {
    const as = (key: string, method: string, path: string, body?: unknown) =>
      stack.call(method, path, body, { authorization: `Bearer ${key}` });
    expect((await as(payoutsOnlyKey, 'GET', '/v1/ops/stuck')).status).toBe(403);
    expect((await as(readOnlyKey, 'GET', '/v1/ops/summary')).status).toBe(200);
    const refused = await as(readOnlyKey, 'POST', `/v1/ops/payouts/${released}/refresh`, {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden' });
  });

  it('serves the /ops page and the queue dashboard to a Bearer key with ops:read, and no one else', async () => {
    const get = (path: string, key?: string) =>
      fetch(`${stack.apiUrl}${path}`, {
        redirect: 'manual',
        headers: key ? { authorization: `Bearer ${key}` } : {},
      });
    const page = await get('/ops', readOnlyKey);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(`data-payout-id="${released}"`);
    expect(html).not.toContain('button type="submit" name="refresh"'); // read only: no refresh buttons
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
    expect((await get('/ops/queues', readOnlyKey)).status).toBe(200);
    expect((await get('/ops/queues/api/queues', readOnlyKey)).status).toBe(200);

    const anonymous = await get('/ops');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/ops/login');
    expect((await get('/ops/queues')).status).toBe(303);
    expect((await get('/ops', payoutsOnlyKey)).status).toBe(403);
    expect((await get('/ops/queues', payoutsOnlyKey)).status).toBe(403);

    const refreshByReader = await fetch(`${stack.apiUrl}/ops/payouts/${released}/refresh`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${readOnlyKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=x',
    });
    expect(refreshByReader.status).toBe(403);
  });

  it('refresh finds it still in review, then resolves it once the sandbox releases it', async () => {
    const before = await stack.call<{ status: string }>('POST', `/v1/ops/payouts/${released}/refresh`, {
      reason: 'customer asked',
    });
    expect(before.status).toBe(200);
    expect(before.body.status).toBe('manual_review');

    const reference = await attemptReference(stack, released);
    await stack.sandbox('POST', `/_sandbox/transfers/sipay/${reference}/release`, { outcome: 'sent' });
    const after = await stack.call<{ id: string; status: string; nextCheckAt?: unknown }>(
      'POST',
      `/v1/ops/payouts/${released}/refresh`,
      { reason: 'sandbox released it' },
    );
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id: released, status: 'succeeded' });
    const [applied] = await queryOnce<{ source: string }>(
      stack.databaseUrl,
      "SELECT source FROM payout_events WHERE payout_id = $1 AND to_status = 'succeeded' AND applied",
      [released],
    );
    expect(applied).toEqual({ source: `ops:${stack.clientId}` });

    const audits = await queryOnce<{
      actor_client_id: string;
      reason: string | null;
      details: Record<string, unknown>;
    }>(
      stack.databaseUrl,
      "SELECT actor_client_id, reason, details FROM audit_log WHERE action = 'payout.refresh' AND subject_id = $1 ORDER BY created_at",
      [released],
    );
    expect(audits).toEqual([
      {
        actor_client_id: stack.clientId,
        reason: 'customer asked',
        details: expect.objectContaining({ lookup: 'found', from: 'manual_review', to: 'manual_review' }),
      },
      {
        actor_client_id: stack.clientId,
        reason: 'sandbox released it',
        details: expect.objectContaining({ lookup: 'found', from: 'manual_review', to: 'succeeded' }),
      },
    ]);
    expect((await stuckRows(stack, '?olderThan=0s')).map((r) => r.payout.id)).not.toContain(released);

    const withoutReason = await stack.call<{ code: string; errors: { field: string }[] }>(
      'POST',
      `/v1/ops/payouts/${released}/refresh`,
      {},
    );
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.code).toBe('validation_failed');
    expect(new Set(withoutReason.body.errors.map((e) => e.field))).toEqual(new Set(['reason']));
    const again = await stack.call<{ code: string }>('POST', `/v1/ops/payouts/${released}/refresh`, {
      reason: 'once more',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_state');
  });

  it('resolve needs a reason and evidence, goes through the state machine and audits the actor', async () => {
    const missing = await stack.call<{ code: string; errors: { field: string }[] }>(
      'POST',
      `/v1/ops/payouts/${resolvable}/resolve`,
      { status: 'failed', reason: 'rejected by Sipay operations' },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation_failed');
    expect(missing.body.errors.map((e) => e.field)).toContain('evidence');

    const resolved = await stack.call<{ status: string; failure: { code: string; message: string } }>(
      'POST',
      `/v1/ops/payouts/${resolvable}/resolve`,
      { status: 'failed', reason: 'rejected by Sipay operations', evidence: 'Sipay ticket 4411' },
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'failed',
      failure: { code: 'provider_rejected', message: 'rejected by Sipay operations' },
    });

    const [audit] = await queryOnce<{ actor_client_id: string; reason: string; details: Record<string, unknown> }>(
      stack.databaseUrl,
      "SELECT actor_client_id, reason, details FROM audit_log WHERE action = 'payout.resolve' AND subject_id = $1",
      [resolvable],
    );
    expect(audit).toEqual({
      actor_client_id: stack.clientId,
      reason: 'rejected by Sipay operations',
      details: {
        evidence: 'Sipay ticket 4411',
        status: 'failed',
        from: 'manual_review',
        failureCode: 'provider_rejected',
      },
    });
    const [event] = await queryOnce<{ source: string; actor: string; applied: boolean; from_status: string }>(
      stack.databaseUrl,
      "SELECT source, actor, applied, from_status FROM payout_events WHERE payout_id = $1 AND to_status = 'failed'",
      [resolvable],
    );
    expect(event).toEqual({
      source: `ops:${stack.clientId}`,
      actor: stack.clientId,
      applied: true,
      from_status: 'manual_review',
    });

    for (const id of [resolvable, released]) {
      const refused = await stack.call<{ code: string }>('POST', `/v1/ops/payouts/${id}/resolve`, {
        status: 'succeeded',
        reason: 'try again',
        evidence: 'none',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('invalid_state');
    }
  });

  it('lets the stuck gauge fall once nothing is stuck', async () => {
    for (const url of [stack.apiUrl, workerUrl]) {
      await waitForGauge(url, 'payouts_stuck', gaugeLabels, (v) => v === 0, `payouts_stuck back to 0 on ${url}`);
    }
    expect(await stuckRows(stack)).toEqual([]);
  });
});
