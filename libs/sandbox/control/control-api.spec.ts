import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import {
  call,
  Harness,
  PIENTEGRA_HOOK_PATH,
  SIPAY_HOOK_PATH,
  startHarness,
  uniqueKey,
} from '@test/support/sandbox/sandbox-harness';
import { sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import { sleep } from '@test/support/sandbox/webhook-receiver';

describe('control API (/_sandbox)', () => {
  let harness: Harness;
  let pientegra: PientegraClient;
  let sipay: SipayClient;
  let control: ControlClient;

  beforeAll(async () => {
    // Long enough that a reset right after a submission always lands before its webhook.
    harness = await startHarness({ webhookDelayMs: 150 });
    pientegra = new PientegraClient(harness.url);
    sipay = new SipayClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());
  beforeEach(async () => {
    await control.reset();
    harness.receiver.clear();
  });

  describe('GET /_sandbox/transfers', () => {
    it('lists recorded transfers with exactly the documented fields, filtered by provider, reference and amount', async () => {
      const key = uniqueKey('row');
      const ext = uniqueKey('row');
      await pientegra.create(key, withdrawalBody('250000'));
      await sipay.send(sendMoneyText(ext, '2500.00'));
      await sipay.send(sendMoneyText(uniqueKey('row'), '2600.00'));
      await harness.receiver.waitFor(3);
      await sleep(10);

      const pientegraRow = await control.transfer('pientegra', key);
      expect(Object.keys(pientegraRow)).toEqual([
        'provider',
        'reference',
        'providerId',
        'amount',
        'currency',
        'ibanLast4',
        'holderName',
        'status',
        'createdAt',
        'webhooks',
      ]);
      expect(pientegraRow).toEqual({
        provider: 'pientegra',
        reference: key,
        providerId: expect.any(String),
        amount: '250000',
        currency: 'TRY',
        ibanLast4: '7890',
        holderName: 'Ahmet Yılmaz',
        status: 'sent',
        createdAt: expect.any(String),
        webhooks: [{ event: 'withdrawal.sent', deliveredAt: expect.any(String), httpStatus: 200 }],
      });
      const sipayRow = await control.transfer('sipay', ext);
      expect(sipayRow).toEqual(
        expect.objectContaining({ provider: 'sipay', transactionId: expect.stringMatching(/^\d{16,19}$/) }),
      );
      expect(JSON.stringify(sipayRow)).not.toContain('TR3200100099999');

      expect((await control.transfers()).json.data).toHaveLength(3);
      expect((await control.transfers({ provider: 'sipay' })).json.data).toHaveLength(2);
      expect(
        (await control.transfers({ amount: '250000' })).json.data.map((r: { provider: string }) => r.provider),
      ).toEqual(['pientegra', 'sipay']);
      expect((await control.transfers({ amount: '250000', provider: 'sipay' })).json.data).toHaveLength(1);
      expect((await control.transfers({ reference: 'nothing' })).json.data).toEqual([]);
      expect((await control.transfers({ provider: 'paypal' })).status).toBe(400);
    });
  });

  describe('GET /_sandbox/requests', () => {
    it('logs every provider request, oldest first, with its reference and status; control calls are not logged', async () => {
      const key = uniqueKey('req');
      const ext = uniqueKey('req');
      await pientegra.create(key, withdrawalBody('250052'));
      await pientegra.create(key, withdrawalBody('250052'));
      await sleep(2); // `since` is inclusive at millisecond resolution
      const middle = new Date().toISOString();
      await sleep(2);
      await new SipayClient(harness.url).send(sendMoneyText(ext, '2500.00')); // a fresh client asks for a token first
      await control.transfers();

      const all = (await control.requests()).json.data;
      expect(
        all.map((r: { provider: string; method: string; path: string; reference: string | null; status: number }) => [
          r.provider,
          r.path,
          r.reference,
          r.status,
        ]),
      ).toEqual([
        ['pientegra', '/pientegra/api/v1/external/withdrawals', key, 429],
        ['pientegra', '/pientegra/api/v1/external/withdrawals', key, 201],
        ['sipay', '/sipay/connect/token', null, 200],
        ['sipay', '/sipay/v1/Transaction/SendMoneyToBankAccount', ext, 200],
      ]);
      expect(all[0]).toEqual({
        provider: 'pientegra',
        method: 'POST',
        path: expect.any(String),
        reference: key,
        status: 429,
        at: expect.any(String),
      });
      expect((await control.requests({ provider: 'pientegra' })).json.data).toHaveLength(2);
      expect(
        (await control.requests({ since: middle })).json.data.map((r: { provider: string }) => r.provider),
      ).toEqual(['sipay', 'sipay']);
      expect((await control.requests({ since: 'yesterday' })).status).toBe(400);
    });
  });

  describe('POST /_sandbox/transfers/{provider}/{reference}/release', () => {
    it('refuses unknown transfers, transfers not in review and unknown outcomes', async () => {
      expect((await control.release('pientegra', 'missing')).status).toBe(404);
      expect((await control.release('paypal', 'missing')).status).toBe(404);
      const key = uniqueKey('rel');
      await pientegra.create(key, withdrawalBody('250000'));
      const notInReview = await control.release('pientegra', key);
      expect([notInReview.status, notInReview.json.error.code]).toEqual([409, 'not_in_review']);
      const review = uniqueKey('rel');
      await pientegra.create(review, withdrawalBody('250013'));
      expect((await control.release('pientegra', review, 'maybe')).status).toBe(400);
      const released = await control.release('pientegra', review, 'rejected');
      expect([released.status, released.json.data.reference]).toEqual([200, review]);
      expect((await control.release('pientegra', review)).status).toBe(409);
    });
  });

  describe('POST /_sandbox/webhooks/redeliver', () => {
    it('sends a transfer’s webhooks again: the same Pientegra eventId, the same Sipay body', async () => {
      const key = uniqueKey('again');
      const ext = uniqueKey('again');
      await pientegra.create(key, withdrawalBody('250061'));
      await sipay.send(sendMoneyText(ext, '2500.00'));
      const [first, second] = await harness.receiver.waitFor(2, PIENTEGRA_HOOK_PATH);
      const [sipayHook] = await harness.receiver.waitFor(1, SIPAY_HOOK_PATH);

      expect((await control.redeliver('pientegra', key)).json.data).toEqual({
        provider: 'pientegra',
        reference: key,
        redelivered: 2,
      });
      const pientegraHooks = await harness.receiver.waitFor(4, PIENTEGRA_HOOK_PATH);
      expect(new Set(pientegraHooks.slice(2).map((w) => w.headers['pientegra-event-id']))).toEqual(
        new Set([first.headers['pientegra-event-id'], second.headers['pientegra-event-id']]),
      );
      expect((await control.redeliver('sipay', ext)).status).toBe(202);
      const sipayHooks = await harness.receiver.waitFor(2, SIPAY_HOOK_PATH);
      expect(sipayHooks[1].body).toBe(sipayHook.body);
      expect((await control.redeliver('sipay', 'missing')).status).toBe(404);
      expect((await control.redeliver('paypal', ext)).status).toBe(400);
    });
  });

  describe('reset', () => {
    it('forgets transfers, requests, idempotency keys and modes, and cancels pending webhooks', async () => {
      const key = uniqueKey('reset');
      await pientegra.create(key, withdrawalBody('250000'));
      await control.mode('sipay', 'down');
      const reset = await control.reset();
      expect(reset.status).toBe(200);
      expect(await harness.receiver.settle(80)).toEqual([]);
      expect((await control.transfers()).json.data).toEqual([]);
      expect((await control.requests()).json.data).toEqual([]);
      expect((await call(`${harness.url}/_sandbox/providers`)).json.data).toEqual({ pientegra: 'up', sipay: 'up' });
      expect((await pientegra.create(key, withdrawalBody('250100'))).status).toBe(201);
    });

    it('is also the library method Sandbox.reset()', async () => {
      await pientegra.create(uniqueKey('reset'), withdrawalBody('250013'));
      harness.sandbox.reset();
      expect((await control.transfers()).json.data).toEqual([]);
    });
  });
});
