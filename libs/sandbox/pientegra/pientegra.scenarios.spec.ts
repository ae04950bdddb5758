import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import { Harness, PIENTEGRA_HOOK_PATH, startHarness, uniqueKey } from '@test/support/sandbox/sandbox-harness';
import type { ReceivedWebhook } from '@test/support/sandbox/webhook-receiver';

/** sandbox.md's Pientegra column, row by row (webhook delay 150 ms, timeout hold 300 ms). */
describe('Pientegra emulator: scenarios', () => {
  let harness: Harness;
  let pientegra: PientegraClient;
  let control: ControlClient;

  beforeAll(async () => {
    harness = await startHarness();
    pientegra = new PientegraClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());

  const hooksOf = (withdrawalId: string) => (w: ReceivedWebhook) =>
    w.path === PIENTEGRA_HOOK_PATH &&
    (JSON.parse(w.body) as { withdrawal: { withdrawalId: string } }).withdrawal.withdrawalId === withdrawalId;
  const eventTypes = (hooks: ReceivedWebhook[]) =>
    hooks.map((w) => (JSON.parse(w.body) as { eventType: string }).eventType);

  async function submit(amount: string) {
    const key = uniqueKey(`s${amount.slice(-2)}`);
    const answer = await pientegra.create(key, withdrawalBody(amount));
    return { key, answer, withdrawalId: answer.json?.withdrawalId as string };
  }

  it.each([
    ['00', '250000', 'withdrawal.sent', 'SENT', 'sent'],
    ['31', '250031', 'withdrawal.sent', 'SENT', 'sent'],
    ['32', '250032', 'withdrawal.sent', 'SENT', 'sent'],
    ['21', '250021', 'withdrawal.rejected', 'REJECTED', 'rejected'],
    ['22', '250022', 'withdrawal.rejected', 'REJECTED', 'rejected'],
  ])(
    '%s (amount %s): accepts, then one %s webhook after the delay',
    async (_code, amount, eventType, status, rowStatus) => {
      const { key, answer, withdrawalId } = await submit(amount);
      expect(answer.status).toBe(201);
      expect((await control.transfer('pientegra', key)).status).toBe('processing');
      const hooks = await harness.receiver.waitFor(1, hooksOf(withdrawalId));
      expect(eventTypes(hooks)).toEqual([eventType]);
      expect(await harness.receiver.settle(80, hooksOf(withdrawalId))).toHaveLength(1);
      const found = (await pientegra.get(`/external/withdrawals/${withdrawalId}`)).json;
      expect(found.status).toBe(status);
      if (status === 'REJECTED') expect(found.rejectedReason).toEqual(expect.any(String));
      const row = await control.transfer('pientegra', key);
      expect(row).toMatchObject({
        status: rowStatus,
        amount: amount,
        webhooks: [{ event: eventType, httpStatus: 200 }],
      });
    },
  );

  it.each([
    ['13', '250013', 'default', 'withdrawal.sent', 'SENT'],
    ['14', '250014', 'default', 'withdrawal.rejected', 'REJECTED'],
    ['14', '350014', 'sent', 'withdrawal.sent', 'SENT'],
    ['13', '350013', 'rejected', 'withdrawal.rejected', 'REJECTED'],
  ])(
    '%s (amount %s): held in PENDING_REVIEW with no webhook until released with outcome %s, then %s',
    async (_code, amount, outcome, eventType, status) => {
      const { key, answer, withdrawalId } = await submit(amount);
      expect(answer.status).toBe(201);
      expect(await harness.receiver.settle(100, hooksOf(withdrawalId))).toEqual([]);
      expect((await pientegra.get(`/external/withdrawals/${withdrawalId}`)).json.status).toBe('PENDING_REVIEW');
      expect((await control.transfer('pientegra', key)).status).toBe('manual_review');
      const released = await control.release('pientegra', key, outcome === 'default' ? undefined : outcome);
      expect(released.status).toBe(200);
      expect(eventTypes(await harness.receiver.waitFor(1, hooksOf(withdrawalId)))).toEqual([eventType]);
      expect((await pientegra.get(`/external/withdrawals/${withdrawalId}`)).json.status).toBe(status);
    },
  );

  it('41: records, holds the answer for the timeout hold, replays it at once for the same key; sent follows', async () => {
    const key = uniqueKey('s41');
    const body = withdrawalBody('250041');
    const held = pientegra.create(key, body);
    // The webhook comes while the answer is still held: the caller has timed out but the money moved.
    const [webhook] = await harness.receiver.waitFor(
      1,
      (w) => w.path === PIENTEGRA_HOOK_PATH && JSON.parse(w.body).withdrawal.amount === '250041',
    );
    expect((await control.transfer('pientegra', key)).status).toBe('sent');
    const replay = await pientegra.create(key, body);
    expect(replay.status).toBe(201);
    expect(replay.ms).toBeLessThan(250);
    const original = await held;
    expect(original.ms).toBeGreaterThanOrEqual(290);
    expect([original.status, original.text]).toEqual([replay.status, replay.text]);
    expect(JSON.parse(webhook.body).withdrawal.withdrawalId).toBe(original.json.withdrawalId);
    expect((await control.transfers({ provider: 'pientegra', reference: key })).json.data).toHaveLength(1);
  });

  it('51: the first request per key answers 503 with no body and records nothing; the retry records once', async () => {
    const key = uniqueKey('s51');
    const first = await pientegra.create(key, withdrawalBody('250051'));
    expect([first.status, first.text]).toEqual([503, '']);
    expect((await control.transfers({ provider: 'pientegra', reference: key })).json.data).toEqual([]);
    const retry = await pientegra.create(key, withdrawalBody('250051'));
    expect(retry.status).toBe(201);
    expect(eventTypes(await harness.receiver.waitFor(1, hooksOf(retry.json.withdrawalId)))).toEqual([
      'withdrawal.sent',
    ]);
    expect((await control.transfers({ provider: 'pientegra', reference: key })).json.data).toHaveLength(1);
    const other = await pientegra.create(uniqueKey('s51'), withdrawalBody('250051'));
    expect(other.status).toBe(503);
  });

  it('52: the first request per key answers 429 with Retry-After: 1; the retry behaves as 00', async () => {
    const key = uniqueKey('s52');
    const first = await pientegra.create(key, withdrawalBody('250052'));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await control.transfers({ provider: 'pientegra', reference: key })).json.data).toEqual([]);
    const retry = await pientegra.create(key, withdrawalBody('250052'));
    expect(retry.status).toBe(201);
    expect(eventTypes(await harness.receiver.waitFor(1, hooksOf(retry.json.withdrawalId)))).toEqual([
      'withdrawal.sent',
    ]);
  });

  it('61: withdrawal.sent, then withdrawal.returned after another delay', async () => {
    const { key, withdrawalId } = await submit('250061');
    const hooks = await harness.receiver.waitFor(2, hooksOf(withdrawalId));
    expect(eventTypes(hooks)).toEqual(['withdrawal.sent', 'withdrawal.returned']);
    expect((await pientegra.get(`/external/withdrawals/${withdrawalId}`)).json.status).toBe('RETURNED');
    expect((await control.transfer('pientegra', key)).status).toBe('returned');
  });

  it('71: 422 validation_failed naming targetHolderName; nothing recorded, no webhook', async () => {
    const { key, answer } = await submit('250071');
    expect(answer.status).toBe(422);
    expect(answer.json.error).toEqual({
      code: 'validation_failed',
      message: expect.stringContaining('targetHolderName'),
      details: [{ field: 'targetHolderName', message: expect.any(String) }],
    });
    expect((await control.transfers({ provider: 'pientegra', reference: key })).json.data).toEqual([]);
    expect((await control.transfers({ amount: '250071' })).json.data).toEqual([]);
  });

  it('81: every webhook is delivered 3 times with the same eventId and bytes', async () => {
    const { key, withdrawalId } = await submit('250081');
    const hooks = await harness.receiver.waitFor(3, hooksOf(withdrawalId));
    expect(await harness.receiver.settle(80, hooksOf(withdrawalId))).toHaveLength(3);
    expect(new Set(hooks.map((w) => w.headers['pientegra-event-id'])).size).toBe(1);
    expect(new Set(hooks.map((w) => w.body)).size).toBe(1);
    expect((await control.transfer('pientegra', key)).webhooks).toHaveLength(3);
  });

  it('91: the outcome webhooks arrive reversed, returned first; the withdrawal ends RETURNED', async () => {
    const { key, withdrawalId } = await submit('250091');
    const hooks = await harness.receiver.waitFor(2, hooksOf(withdrawalId));
    expect(eventTypes(hooks)).toEqual(['withdrawal.returned', 'withdrawal.sent']);
    expect(JSON.parse(hooks[1].body).withdrawal.status).toBe('SENT');
    expect((await pientegra.get(`/external/withdrawals/${withdrawalId}`)).json.status).toBe('RETURNED');
    expect((await control.transfer('pientegra', key)).status).toBe('returned');
  });
});
