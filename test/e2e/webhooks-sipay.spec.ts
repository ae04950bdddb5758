import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectPayouts } from '../support/direct-payouts';
import { queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

// Sipay webhooks end to end: sandbox -> api inbox -> worker (lookup confirmation, state machine). Payouts are
// created and submitted through the payout persistence and the real adapter (DirectPayouts), not through dispatch.
const SIPAY_TOKEN = 'sandbox-sipay-webhook-token';
const FIXTURE = readFileSync(join(__dirname, '../../libs/providers/sipay/fixtures/webhook-bank-transfer-success.json'));

interface EventRow extends Record<string, unknown> {
  to_status: string;
  applied: boolean;
  reason: string;
  source: string;
}

describe('Sipay webhooks (e2e against the sandbox)', () => {
  let stack: Stack;
  let direct: DirectPayouts;
  let workerPort: number;

  const events = (payoutId: string) =>
    queryOnce<EventRow>(
      stack.databaseUrl,
      'SELECT to_status, applied, reason, source FROM payout_events WHERE payout_id = $1 ORDER BY id',
      [payoutId],
    );
  const inbox = (reference: string) =>
    queryOnce<{ dedupe_key: string; status: string; decision: string | null; provider_id: string }>(
      stack.databaseUrl,
      'SELECT dedupe_key, status, decision, provider_id FROM webhook_inbox WHERE reference = $1 ORDER BY id',
      [reference],
    );
  const transfer = async (reference: string) => {
    const { data } = await stack.sandbox<{ data: { providerId: string; webhooks: { event: number }[] }[] }>(
      'GET',
      `/_sandbox/transfers?provider=sipay&reference=${reference}`,
    );
    return data[0];
  };
  const submit = async (amount: bigint) => {
    const payout = await direct.createAndSubmit({ amount, provider: 'sipay' });
    expect(payout.outcome.kind).toBe('accepted');
    return payout;
  };
  /** Waits for the payout's status and for every inbox row of its reference to be done with. */
  const settled = async (payoutId: string, reference: string, status: string, webhooks: number) => {
    await stack.waitForStatus(payoutId, [status]);
    return waitUntil(
      async () => {
        const rows = await inbox(reference);
        return rows.length === webhooks && rows.every((row) => row.status === 'processed') ? rows : undefined;
      },
      20_000,
      `${webhooks} processed webhooks for ${reference}`,
    );
  };
  const webhookBody = (reference: string, providerId: string, afterProcessStatus: number): string =>
    FIXTURE.toString('utf8')
      .replace('"54171323223317131311333332552"', `"${reference}"`)
      .replace('2505267108142371608', providerId)
      .replace('"after_process_status": 1', `"after_process_status": ${afterProcessStatus}`);

  beforeAll(async () => {
    // Schedules 100x sooner: the first poll of a processing payout comes 1.2 s after acceptance, long after its webhook,
    // so each status below is the webhook's doing. The webhook window (1h x 0.01 = 36 s) never opens here.
    // Webhooks 350 ms apart, more than an idle claimer waits (at most 250 ms): the scenarios that send two (61, 91)
    // test the order they are processed in, and a confirming lookup answers the transfer's status at the time, so
    // both must not be claimed only after the second arrived (then the lookup of the first already says returned).
    stack = await Stack.start({
      label: 'webhooks_sipay',
      env: { POLL_TIME_SCALE: '0.01', SIPAY_WEBHOOK_WINDOW: '1h', SANDBOX_WEBHOOK_DELAY: '350ms' },
      workers: 0,
    });
    // One worker, whose start-up line says where its /metrics are.
    const worker = await stack.addWorker({ LOG_LEVEL: 'info' });
    workerPort = Number(/health and metrics on http:\/\/127\.0\.0\.1:(\d+)/.exec(worker.output())?.[1]);
    direct = await DirectPayouts.open(stack.databaseUrl, stack.env, stack.clientId);
  });
  afterAll(async () => {
    await direct?.close();
    await stack?.stop();
  });

  it('after_process_status 1: succeeded, confirmed by the lookup, with the 64-bit ids exactly as Sipay wrote them', async () => {
    const payout = await submit(150_000n);
    const rows = await settled(payout.payoutId, payout.reference, 'succeeded', 1);
    expect(rows[0]).toMatchObject({ dedupe_key: `${payout.reference}:1`, decision: 'transition' });
    const { providerId } = await transfer(payout.reference);
    expect(BigInt(providerId)).toBeGreaterThan(2n ** 53n);
    const [attempt] = await queryOnce<{ provider_id: string; status: string }>(
      stack.databaseUrl,
      'SELECT provider_id, status FROM payout_attempts WHERE payout_id = $1',
      [payout.payoutId],
    );
    expect(attempt).toEqual({ provider_id: providerId, status: 'completed' });
    expect(rows[0].provider_id).toBe(providerId);
    const applied = (await events(payout.payoutId)).filter((e) => e.applied).map((e) => [e.to_status, e.source]);
    expect(applied).toEqual([
      ['pending', 'api'],
      ['submitting', 'dispatch'],
      ['processing', 'dispatch'],
      ['succeeded', 'webhook:sipay'],
    ]);
  });

  it.each([
    ['2', 150_021n],
    ['4', 150_022n],
  ])('after_process_status %s: failed with bank_rejected', async (afterStatus, amount) => {
    const payout = await submit(amount);
    const rows = await settled(payout.payoutId, payout.reference, 'failed', 1);
    expect(rows[0].dedupe_key).toBe(`${payout.reference}:${afterStatus}`);
    const { body } = await stack.call<{ failure: { code: string } }>('GET', `/v1/payouts/${payout.payoutId}`);
    expect(body.failure.code).toBe('bank_rejected');
  });

  it('after_process_status 5 after 1 (scenario 61): succeeded, then returned', async () => {
    const payout = await submit(150_061n);
    await settled(payout.payoutId, payout.reference, 'returned', 2);
    const applied = (await events(payout.payoutId)).filter((e) => e.applied).map((e) => e.to_status);
    expect(applied.slice(-2)).toEqual(['succeeded', 'returned']);
  });

  it('after_process_status 3 (which Sipay never sends): manual_review at once, then resolved by polling after a release', async () => {
    const payout = await submit(150_013n);
    const { providerId } = await transfer(payout.reference);
    const answer = await fetch(`${stack.apiUrl}/v1/webhooks/sipay/${SIPAY_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: webhookBody(payout.reference, providerId, 3),
    });
    expect(answer.status).toBe(200);
    await settled(payout.payoutId, payout.reference, 'manual_review', 1);
    await stack.sandbox('POST', `/_sandbox/transfers/sipay/${payout.reference}/release`, { outcome: 'sent' });
    await stack.waitForStatus(payout.payoutId, ['succeeded'], 30_000);
    const last = (await events(payout.payoutId)).filter((e) => e.applied).at(-1);
    expect(last).toMatchObject({ to_status: 'succeeded', source: 'poll:sipay' });
  });

  it('triple deliveries (scenario 81) change the payout once per status', async () => {
    const payout = await submit(150_081n);
    await settled(payout.payoutId, payout.reference, 'succeeded', 1);
    await waitUntil(async () => (await transfer(payout.reference)).webhooks.length === 3, 10_000, 'three deliveries');
    const toSucceeded = (await events(payout.payoutId)).filter((e) => e.to_status === 'succeeded');
    expect(toSucceeded.filter((e) => e.applied)).toHaveLength(1);
    const metrics = await (await fetch(`${stack.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/payout_webhook_dedupes_total\{provider="sipay"\} [2-9]/);
  });

  it('reversed order (scenario 91): ends returned, the late success recorded as stale', async () => {
    const payout = await submit(150_091n);
    const rows = await settled(payout.payoutId, payout.reference, 'returned', 2);
    expect(rows.map((r) => r.decision)).toEqual(['transition', 'stale']);
    const late = (await events(payout.payoutId)).filter((e) => !e.applied && e.source === 'webhook:sipay');
    expect(late).toEqual([{ to_status: 'succeeded', applied: false, reason: 'stale', source: 'webhook:sipay' }]);
    const { body } = await stack.call('GET', `/v1/payouts/${payout.payoutId}`);
    expect(body.status).toBe('returned');
  });

  it('stores a webhook its lookup contradicts, does not apply it, and flags the payout', async () => {
    const payout = await submit(150_021n);
    await settled(payout.payoutId, payout.reference, 'failed', 1);
    const { providerId } = await transfer(payout.reference);
    // Someone who knows the path claims the rejected transfer completed; GetRequestWithdrawByExtId says 2.
    const answer = await fetch(`${stack.apiUrl}/v1/webhooks/sipay/${SIPAY_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: webhookBody(payout.reference, providerId, 1),
    });
    expect(answer.status).toBe(200);
    const row = await waitUntil(
      async () => (await inbox(payout.reference)).find((r) => r.status === 'contradiction'),
      20_000,
      'the contradiction to be stored',
    );
    expect(row.dedupe_key).toBe(`${payout.reference}:1`);
    const [stored] = await queryOnce<{ status: string; needs_attention: boolean; contradiction: boolean }>(
      stack.databaseUrl,
      'SELECT status, needs_attention, contradiction FROM payouts WHERE id = $1',
      [payout.payoutId],
    );
    expect(stored).toEqual({ status: 'failed', needs_attention: true, contradiction: true });
    expect((await events(payout.payoutId)).filter((e) => e.to_status === 'succeeded' && e.applied)).toEqual([]);
  });

  it('reports receipt-to-apply lag, late events, contradictions and polls on the worker', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1] ?? 'NaN');
    expect(value(/payout_webhook_lag_seconds_count\{provider="sipay",applied="true"\} (\d+)/)).toBeGreaterThanOrEqual(
      7,
    );
    expect(
      value(/payout_events_not_applied_total\{source="webhook",provider="sipay",reason="stale"\} (\d+)/),
    ).toBeGreaterThanOrEqual(1);
    expect(value(/payout_contradictions_total\{source="webhook",provider="sipay"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(value(/payout_polls_total\{provider="sipay",outcome="found"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(metrics).toContain('payout_webhook_orphans ');
  });
});
