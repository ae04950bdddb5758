import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import {
  Harness,
  PIENTEGRA_HOOK_PATH,
  startHarness,
  TEST_CREDENTIALS,
  uniqueKey,
} from '@test/support/sandbox/sandbox-harness';
import { ReceivedWebhook, sleep } from '@test/support/sandbox/webhook-receiver';
import { pientegraSignature } from './pientegra.signature';

describe('Pientegra emulator: API contract', () => {
  let harness: Harness;
  let pientegra: PientegraClient;
  let control: ControlClient;

  beforeAll(async () => {
    // A long webhook delay keeps a fresh withdrawal pending while the spec looks at it.
    harness = await startHarness({ webhookRetryBaseMs: 1, webhookDelayMs: 300 });
    pientegra = new PientegraClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());
  beforeEach(() => {
    harness.sandbox.reset();
    harness.receiver.clear();
  });

  const hooksOf = (withdrawalId: string) => (w: ReceivedWebhook) =>
    w.path === PIENTEGRA_HOOK_PATH &&
    (JSON.parse(w.body) as { withdrawal: { withdrawalId: string } }).withdrawal.withdrawalId === withdrawalId;

  describe('credentials', () => {
    it('answers 401 to a wrong or missing API key and records nothing', async () => {
      const wrong = await new PientegraClient(harness.url, 'sk_live_wrong').create(
        uniqueKey('auth'),
        withdrawalBody('250000'),
      );
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      const missing = await new PientegraClient(harness.url, '').get('/external/withdrawals');
      expect(missing.status).toBe(401);
      expect((await control.transfers()).json.data).toEqual([]);
    });
  });

  describe('create and look up', () => {
    it('requires an Idempotency-Key', async () => {
      const answer = await pientegra.create(undefined, withdrawalBody('250000'));
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('validation_failed');
    });

    it('records the withdrawal and answers { withdrawalId, referenceNo }; the lookup shows it PENDING_REVIEW', async () => {
      const created = await pientegra.create(uniqueKey('create'), withdrawalBody('250000'));
      expect(created.status).toBe(201);
      expect(Object.keys(created.json)).toEqual(['withdrawalId', 'referenceNo']);
      expect(created.json.withdrawalId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(created.json.referenceNo).toMatch(/^W-\d{4}-\d{7}$/);
      const found = await pientegra.get(`/external/withdrawals/${created.json.withdrawalId}`);
      expect(found.status).toBe(200);
      expect(found.json).toEqual({
        withdrawalId: created.json.withdrawalId,
        referenceNo: created.json.referenceNo,
        externalUserId: 'user-12345',
        amount: '250000',
        currency: 'TRY',
        status: 'PENDING_REVIEW',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('answers 404 not_found for an unknown withdrawal id', async () => {
      const answer = await pientegra.get('/external/withdrawals/01927b3c-0000-7000-8000-000000000000');
      expect(answer.status).toBe(404);
      expect(answer.json.error.code).toBe('not_found');
    });
  });

  describe('idempotency', () => {
    it('replays the original status and body for the same key and the same body, in any key order', async () => {
      const key = uniqueKey('idem');
      const first = await pientegra.create(key, withdrawalBody('250000'));
      const reordered = Object.fromEntries(Object.entries(withdrawalBody('250000')).reverse());
      const again = await pientegra.create(key, reordered);
      expect([again.status, again.text]).toEqual([first.status, first.text]);
      expect((await control.transfers({ provider: 'pientegra', reference: key })).json.data).toHaveLength(1);
    });

    it('answers 409 idempotency_conflict for the same key with another body, recording nothing more', async () => {
      const key = uniqueKey('idem');
      await pientegra.create(key, withdrawalBody('250000'));
      const conflict = await pientegra.create(key, withdrawalBody('250100'));
      expect(conflict.status).toBe(409);
      expect(conflict.json).toEqual({ error: { code: 'idempotency_conflict', message: expect.any(String) } });
      expect((await control.transfers({ provider: 'pientegra' })).json.data).toHaveLength(1);
    });
  });

  describe('validation', () => {
    it.each([
      ['an amount that is a number', withdrawalBody('x', { amount: 250000 }), 400, 'validation_failed', 'amount'],
      [
        'a missing holder name',
        withdrawalBody('250000', { targetHolderName: undefined }),
        400,
        'validation_failed',
        'targetHolderName',
      ],
      ['an amount below 100', withdrawalBody('99'), 422, 'amount_below_min', 'amount'],
      ['an amount above 100000000', withdrawalBody('100000100'), 422, 'amount_above_max', 'amount'],
      [
        'a currency other than TRY',
        withdrawalBody('250000', { currency: 'EUR' }),
        422,
        'validation_failed',
        'currency',
      ],
      [
        'an IBAN with a wrong checksum',
        withdrawalBody('250000', { targetIban: 'TR330010009999901234567890' }),
        422,
        'validation_failed',
        'targetIban',
      ],
    ])('refuses %s and records nothing', async (_case, body, status, code, field) => {
      const answer = await pientegra.create(uniqueKey('invalid'), body);
      expect(answer.status).toBe(status);
      expect(answer.json.error).toEqual({
        code,
        message: expect.any(String),
        details: expect.arrayContaining([expect.objectContaining({ field })]),
      });
      expect(answer.text).not.toContain('TR33001000999990123456');
      expect((await control.transfers()).json.data).toEqual([]);
    });
  });

  describe('webhooks', () => {
    it('signs each delivery with the first secret over "<t>.<raw body>" and names the event in Pientegra-Event-Id', async () => {
      const created = await pientegra.create(uniqueKey('hook'), withdrawalBody('250000'));
      const [webhook] = await harness.receiver.waitFor(1, hooksOf(created.json.withdrawalId));
      const signature = webhook.headers['pientegra-signature'] as string;
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
      expect(v1).toBe(pientegraSignature(TEST_CREDENTIALS.pientegraWebhookSecrets[0], Number(t), webhook.body));
      expect(Math.abs(Date.now() - Number(t))).toBeLessThan(5_000);
      const body = JSON.parse(webhook.body);
      expect(webhook.headers['pientegra-event-id']).toBe(body.eventId);
      expect(body).toEqual({
        eventId: expect.any(String),
        eventType: 'withdrawal.sent',
        occurredAt: expect.any(String),
        withdrawal: {
          withdrawalId: created.json.withdrawalId,
          referenceNo: created.json.referenceNo,
          externalUserId: 'user-12345',
          amount: '250000',
          currency: 'TRY',
          status: 'SENT',
        },
      });
      expect(Object.keys(body)).toEqual(['eventId', 'eventType', 'occurredAt', 'withdrawal']);
    });

    it('lists undelivered events as FAILED then DEAD, and replays one on request', async () => {
      harness.receiver.answer = () => 500;
      const key = uniqueKey('dead');
      const created = await pientegra.create(key, withdrawalBody('250000'));
      await harness.receiver.waitFor(2, hooksOf(created.json.withdrawalId));
      const failing = await pientegra.get('/external/events?deliveryStatus=FAILED,DEAD');
      expect(failing.json.data).toEqual([
        expect.objectContaining({ eventType: 'withdrawal.sent', deliveryStatus: 'FAILED' }),
      ]);
      await harness.receiver.waitFor(10, hooksOf(created.json.withdrawalId));
      await sleep(30);
      const dead = (await pientegra.get('/external/events?deliveryStatus=DEAD')).json.data;
      expect(dead).toEqual([
        expect.objectContaining({ deliveryStatus: 'DEAD', deliveryAttempts: 10, lastHttpStatus: 500 }),
      ]);
      expect((await pientegra.get('/external/events?deliveryStatus=DELIVERED')).json.data).toEqual([]);

      harness.receiver.answer = () => 200;
      const replay = await pientegra.post(`/external/events/${dead[0].eventId}/replay`);
      expect(replay.status).toBe(202);
      const all = await harness.receiver.waitFor(11, hooksOf(created.json.withdrawalId));
      expect(all[10].headers['pientegra-event-id']).toBe(dead[0].eventId);
      await sleep(20);
      expect((await pientegra.get('/external/events?deliveryStatus=FAILED,DEAD')).json.data).toEqual([]);
      const row = await control.transfer('pientegra', key);
      expect(row.webhooks).toHaveLength(11);
      expect(row.webhooks[10]).toEqual({ event: 'withdrawal.sent', deliveredAt: expect.any(String), httpStatus: 200 });
    });

    it('answers 404 when replaying an unknown event', async () => {
      expect((await pientegra.post('/external/events/nope/replay')).status).toBe(404);
    });
  });
});
