import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import { Harness, startHarness, uniqueKey } from '@test/support/sandbox/sandbox-harness';
import { envelopeOf, sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import { numberText } from '../sipay/sipay.json';

const availableOf = (payload: { wallet_info: { payment_balance: { available: unknown } } }) =>
  numberText(payload.wallet_info.payment_balance.available);

describe('provider wallets (PUT /_sandbox/providers/{provider} balance)', () => {
  let harness: Harness;
  let sipay: SipayClient;
  let pientegra: PientegraClient;
  let control: ControlClient;

  beforeAll(async () => {
    harness = await startHarness({ webhookDelayMs: 50 });
    sipay = new SipayClient(harness.url);
    pientegra = new PientegraClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());
  beforeEach(() => control.reset());

  it('is unlimited by default and shows { mode, balance }', async () => {
    expect((await control.provider('sipay')).json.data).toEqual({ provider: 'sipay', mode: 'up', balance: null });
    const answer = await control.balance('pientegra', '1000');
    expect([answer.status, answer.json.data]).toEqual([200, { provider: 'pientegra', mode: 'up', balance: '1000' }]);
  });

  it.each([[{ balance: 12 }], [{ balance: '-5' }], [{ balance: '1.5' }], [{}], [{ mode: 'up', balance: 'x' }]])(
    'refuses %j and changes nothing',
    async (body) => {
      await control.balance('sipay', '700');
      const answer = await fetch(`${harness.url}/_sandbox/providers/sipay`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status).toBe(400);
      expect((await control.provider('sipay')).json.data).toEqual({ provider: 'sipay', mode: 'up', balance: '700' });
    },
  );

  it('Sipay: each recorded send debits the wallet and carries it; one it cannot cover is 311, nothing recorded', async () => {
    await control.balance('sipay', '500000');
    const first = envelopeOf(await sipay.send(sendMoneyText(uniqueKey('w'), '3000.00')));
    expect(first.code).toBe('100');
    expect(availableOf(first.payload)).toBe('2000.00');
    expect(numberText(first.payload.previous_amount)).toBe('5000.00');

    const refusedExt = uniqueKey('w');
    const refused = envelopeOf(await sipay.send(sendMoneyText(refusedExt, '2000.01')));
    expect(refused.code).toBe('311');
    expect((await control.transfers({ provider: 'sipay', reference: refusedExt })).json.data).toEqual([]);

    const info = envelopeOf(await sipay.walletInfo());
    expect([info.code, availableOf(info.payload)]).toEqual(['100', '2000.00']);
    expect((await control.provider('sipay')).json.data.balance).toBe('200000');

    await control.balance('sipay', null);
    expect(availableOf(envelopeOf(await sipay.walletInfo()).payload)).toBe('10000000.00');
  });

  it('Pientegra: a withdrawal the wallet cannot cover is 422 insufficient_balance, nothing recorded', async () => {
    await control.balance('pientegra', '250000');
    expect((await pientegra.create(uniqueKey('w'), withdrawalBody('200000'))).status).toBe(201);
    const key = uniqueKey('w');
    const refused = await pientegra.create(key, withdrawalBody('50001'));
    expect([refused.status, refused.json.error.code]).toEqual([422, 'insufficient_balance']);
    expect((await control.transfers({ provider: 'pientegra', reference: key })).json.data).toEqual([]);
    expect((await control.provider('pientegra')).json.data.balance).toBe('50000');
    // Refused, not remembered: after a top-up the same key goes through.
    await control.balance('pientegra', '100000');
    expect((await pientegra.create(key, withdrawalBody('50001'))).status).toBe(201);
  });
});
