import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import { call, Harness, startHarness, uniqueKey } from '@test/support/sandbox/sandbox-harness';
import { envelopeOf, sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import { sleep } from '@test/support/sandbox/webhook-receiver';

/** Provider modes through the control API: down answers 503 and records nothing, slow holds every answer. */
describe('provider modes', () => {
  let harness: Harness;
  let pientegra: PientegraClient;
  let sipay: SipayClient;
  let control: ControlClient;

  beforeAll(async () => {
    harness = await startHarness();
    pientegra = new PientegraClient(harness.url);
    sipay = new SipayClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());
  beforeEach(async () => {
    await control.reset();
  });

  describe('PUT /_sandbox/providers/{provider}', () => {
    it('down: every call of that provider answers 503 and records nothing; the other provider is unaffected', async () => {
      expect((await control.mode('pientegra', 'down')).json.data).toEqual({
        provider: 'pientegra',
        mode: 'down',
        balance: null,
      });
      const key = uniqueKey('down');
      const answer = await pientegra.create(key, withdrawalBody('250000'));
      expect([answer.status, answer.text]).toEqual([503, '']);
      expect((await pientegra.get('/external/withdrawals')).status).toBe(503);
      expect((await control.transfers()).json.data).toEqual([]);
      expect(envelopeOf(await sipay.send(sendMoneyText(uniqueKey('up'), '2500.00'))).code).toBe('100');
      expect(
        (await control.requests({ provider: 'pientegra' })).json.data.map(
          (r: { reference: string; status: number }) => [r.reference, r.status],
        ),
      ).toEqual([
        [key, 503],
        [null, 503],
      ]);

      await control.mode('sipay', 'down');
      expect((await sipay.requestToken()).status).toBe(503);
      const ext = uniqueKey('down');
      expect((await sipay.send(sendMoneyText(ext, '2500.00'))).status).toBe(503);
      expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toEqual([]);
      expect((await control.requests({ provider: 'sipay' })).json.data.at(-1)).toMatchObject({
        reference: ext,
        status: 503,
      });

      await control.mode('pientegra', 'up');
      expect((await pientegra.create(key, withdrawalBody('250000'))).status).toBe(201);
    });

    it('slow: records first, then holds every answer for the timeout hold', async () => {
      await control.mode('sipay', 'slow');
      const ext = uniqueKey('slow');
      const pending = sipay.send(sendMoneyText(ext, '2500.00'));
      await sleep(100);
      expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toHaveLength(1);
      const answer = await pending;
      expect(answer.ms).toBeGreaterThanOrEqual(290);
      expect(envelopeOf(answer).code).toBe('100');
      expect((await sipay.lookup(ext)).ms).toBeGreaterThanOrEqual(290);
      expect((await pientegra.get('/external/withdrawals')).ms).toBeLessThan(200);
      expect((await call(`${harness.url}/_sandbox/providers`)).json.data).toEqual({ pientegra: 'up', sipay: 'slow' });
    });

    it('refuses an unknown mode', async () => {
      expect((await control.mode('sipay', 'sideways')).status).toBe(400);
    });
  });
});
