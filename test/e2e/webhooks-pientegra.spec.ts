import { randomUUID } from 'node:crypto';
import { pientegraSignature } from '@libs/providers/pientegra/pientegra.signature';
import { DirectPayouts } from '../support/direct-payouts';
import { queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

// Pientegra webhooks end to end: signed deliveries from the sandbox -> api inbox -> worker -> state machine, plus
// refusals and an orphan applied once its payout appears. Payouts go through DirectPayouts, not dispatch.
const SECRET = 'whsec_test_5f1d2c';

interface EventRow extends Record<string, unknown> {
  to_status: string;
  applied: boolean;
  reason: string;
  source: string;
}

const sign = (body: string, at = Date.now(), secret = SECRET) => ({
  'content-type': 'application/json',
  'pientegra-signature': `t=${at},v1=${pientegraSignature(secret, String(at), Buffer.from(body))}`,
});

describe('Pientegra webhooks (e2e against the sandbox)', () => {
  let stack: Stack;
  let direct: DirectPayouts;

  const events = (payoutId: string) =>
    queryOnce<EventRow>(
      stack.databaseUrl,
      'SELECT to_status, applied, reason, source FROM payout_events WHERE payout_id = $1 ORDER BY id',
      [payoutId],
    );
  const inboxOf = (providerId: string) =>
    queryOnce<{ dedupe_key: string; status: string; decision: string | null; payout_id: string | null }>(
      stack.databaseUrl,
      `SELECT dedupe_key, status, decision, payout_id FROM webhook_inbox
       WHERE provider = 'pientegra' AND provider_id = $1 ORDER BY id`,
      [providerId],
    );
  const inboxCount = async () =>
    (await queryOnce<{ n: number }>(stack.databaseUrl, 'SELECT count(*)::int AS n FROM webhook_inbox'))[0].n;
  const submit = async (amount: bigint) => {
    const payout = await direct.createAndSubmit({ amount, provider: 'pientegra' });
    if (payout.outcome.kind !== 'accepted') throw new Error(`not accepted: ${payout.outcome.kind}`);
    return { ...payout, providerId: payout.outcome.providerId };
  };
  const settled = async (payout: { payoutId: string; providerId: string }, status: string, webhooks: number) => {
    await stack.waitForStatus(payout.payoutId, [status]);
    return waitUntil(
      async () => {
        const rows = await inboxOf(payout.providerId);
        return rows.length === webhooks && rows.every((row) => row.status === 'processed') ? rows : undefined;
      },
      20_000,
      `${webhooks} processed webhooks`,
    );
  };
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${stack.apiUrl}/v1/webhooks/pientegra`, { method: 'POST', headers, body });

  beforeAll(async () => {
    // Webhooks 350 ms apart (the Stack's default is 50 ms): the scenarios that send two (61, 91) test the order they
    // are applied in; 50 ms apart, the first could still be racing the dispatch that commits the accepted answer.
    stack = await Stack.start({
      label: 'webhooks_pientegra',
      env: { POLL_TIME_SCALE: '0.01', SANDBOX_WEBHOOK_DELAY: '350ms' },
    });
    direct = await DirectPayouts.open(stack.databaseUrl, stack.env, stack.clientId);
  });
  afterAll(async () => {
    await direct?.close();
    await stack?.stop();
  });

  it('withdrawal.sent: succeeded, applied from the signed body alone', async () => {
    const payout = await submit(150_000n);
    const [row] = await settled(payout, 'succeeded', 1);
    expect(row).toMatchObject({ status: 'processed', decision: 'transition', payout_id: payout.payoutId });
    const last = (await events(payout.payoutId)).at(-1);
    expect(last).toEqual({ to_status: 'succeeded', applied: true, reason: 'transition', source: 'webhook:pientegra' });
  });

  it('withdrawal.rejected: failed with provider_rejected', async () => {
    const payout = await submit(150_021n);
    await settled(payout, 'failed', 1);
    const { body } = await stack.call<{ failure: { code: string } }>('GET', `/v1/payouts/${payout.payoutId}`);
    expect(body.failure.code).toBe('provider_rejected');
  });

  it('withdrawal.returned after withdrawal.sent (scenario 61): succeeded, then returned', async () => {
    const payout = await submit(150_061n);
    await settled(payout, 'returned', 2);
    const applied = (await events(payout.payoutId)).filter((e) => e.applied).map((e) => e.to_status);
    expect(applied.slice(-2)).toEqual(['succeeded', 'returned']);
  });

  it('triple deliveries of one event (scenario 81) are stored once and change the payout once', async () => {
    const payout = await submit(150_081n);
    await settled(payout, 'succeeded', 1);
    const transfer = async () =>
      (
        await stack.sandbox<{ data: { webhooks: { httpStatus: number }[] }[] }>(
          'GET',
          `/_sandbox/transfers?provider=pientegra&reference=${payout.reference}`,
        )
      ).data[0];
    const delivered = await waitUntil(
      async () => ((await transfer()).webhooks.length === 3 ? (await transfer()).webhooks : undefined),
      10_000,
      'three deliveries',
    );
    expect(delivered.map((d) => d.httpStatus)).toEqual([200, 200, 200]);
    expect(await inboxOf(payout.providerId)).toHaveLength(1);
    expect((await events(payout.payoutId)).filter((e) => e.to_status === 'succeeded')).toHaveLength(1);
  });

  it('reversed order (scenario 91): ends returned, the late withdrawal.sent recorded as stale', async () => {
    const payout = await submit(150_091n);
    const rows = await settled(payout, 'returned', 2);
    expect(rows.map((r) => r.decision)).toEqual(['transition', 'stale']);
    const late = (await events(payout.payoutId)).filter((e) => !e.applied && e.source === 'webhook:pientegra');
    expect(late).toEqual([{ to_status: 'succeeded', applied: false, reason: 'stale', source: 'webhook:pientegra' }]);
  });

  it('refuses a forged signature and a stale timestamp with 401, and stores nothing', async () => {
    const before = await inboxCount();
    const body = JSON.stringify({
      eventId: randomUUID(),
      eventType: 'withdrawal.sent',
      occurredAt: new Date().toISOString(),
      withdrawal: { withdrawalId: randomUUID(), status: 'SENT' },
    });
    expect((await post(body, sign(body, Date.now(), 'whsec_forged'))).status).toBe(401);
    expect((await post(body, sign(body, Date.now() - 10 * 60_000))).status).toBe(401);
    expect((await post(body.replace('SENT', 'RETURNED'), sign(body))).status).toBe(401);
    expect(await inboxCount()).toBe(before);
  });

  it('refuses a wrong Sipay token with 404 and stores nothing', async () => {
    const before = await inboxCount();
    const response = await fetch(`${stack.apiUrl}/v1/webhooks/sipay/not-the-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ext_transaction_id: randomUUID(), after_process_status: 1 }),
    });
    expect(response.status).toBe(404);
    expect(await inboxCount()).toBe(before);
  });

  it('keeps an event for an unknown withdrawal as an orphan and applies it once the payout appears', async () => {
    const withdrawalId = randomUUID();
    const eventId = randomUUID();
    const body = JSON.stringify({
      eventId,
      eventType: 'withdrawal.sent',
      occurredAt: new Date().toISOString(),
      withdrawal: { withdrawalId, referenceNo: 'W-orphan', amount: '150000', currency: 'TRY', status: 'SENT' },
    });
    expect((await post(body, sign(body))).status).toBe(200);
    await waitUntil(
      async () => (await inboxOf(withdrawalId)).find((row) => row.status === 'orphan'),
      20_000,
      'the orphan',
    );
    // The payout shows up later, already accepted by Pientegra under that withdrawal id.
    const payout = await direct.createSubmitting({ amount: 150_000n, provider: 'pientegra' });
    await direct.transition.apply(
      payout.payoutId,
      { to: 'processing', source: 'dispatch' },
      {
        attemptUpdate: { attemptId: payout.attemptId, status: 'accepted', providerId: withdrawalId },
        nextCheckAt: new Date(Date.now() + 3_600_000),
      },
    );
    await stack.waitForStatus(payout.payoutId, ['succeeded'], 60_000);
    const [row] = await inboxOf(withdrawalId);
    expect(row).toMatchObject({ dedupe_key: eventId, status: 'processed', payout_id: payout.payoutId });
  });
});
