import nock from 'nock';
import { sentBodyText } from '@test/support/providers/adapter-fakes';
import {
  API_ORIGIN,
  buildSipay,
  fixture,
  fixtureAttempt,
  JSON_HEADERS,
  SEND_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
} from '@test/support/providers/sipay';
import { WALLET_INFO_PATH } from './sipay.assumptions';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const token = () => nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, fixture('token.response.json'), JSON_HEADERS);
/** A code-100 send answer whose payload carries `walletInfo` (raw JSON text, so numbers stay as written). */
const acceptedWith = (walletInfo: string | undefined) =>
  `{"status":0,"code":"100","message":"m","payload":{"transaction_id":2505266701488343592,` +
  `"ext_transaction_id":"x","request_id":2505267108142371608${walletInfo === undefined ? '' : `,"wallet_info":${walletInfo}`}}}`;

describe('Sipay balance in send answers', () => {
  it('reads payment_balance.available of the fixture as exact minor units', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN).post(SEND_PATH).reply(200, fixture('send-money.response.json'), JSON_HEADERS);
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({ kind: 'accepted', balance: { kind: 'known', amount: 750000n, currency: 'TRY' } });
  });

  it('keeps a balance beyond 2^53 exact (lossless JSON)', async () => {
    const { provider } = buildSipay();
    token();
    const info = '{"currency_code":"TRY","payment_balance":{"available":90071992547409.93}}';
    nock(API_ORIGIN).post(SEND_PATH).reply(200, acceptedWith(info), JSON_HEADERS);
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({ balance: { kind: 'known', amount: 9007199254740993n } });
  });

  it('has no balance when the answer carries no wallet_info', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN).post(SEND_PATH).reply(200, acceptedWith(undefined), JSON_HEADERS);
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome.kind).toBe('accepted');
    expect('balance' in outcome).toBe(false);
  });

  it.each([
    ['a string', '{"payment_balance":{"available":"7500.00"}}'],
    ['a negative number', '{"payment_balance":{"available":-1.00}}'],
    ['three decimals', '{"payment_balance":{"available":1.005}}'],
    ['no payment_balance', '{"cash_balance":{"available":10.00}}'],
    ['a bad currency', '{"currency_code":7,"payment_balance":{"available":10.00}}'],
    ['not an object', '"lots"'],
  ])('flags %s as unreadable, never as zero, and still accepts the transfer', async (_case, info) => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN).post(SEND_PATH).reply(200, acceptedWith(info), JSON_HEADERS);
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({ kind: 'accepted', balance: { kind: 'unreadable', reason: expect.any(String) } });
  });
});

describe('SipayAdapter.readBalance (Wallet Info)', () => {
  it('posts the sender wallet number and reads the wallet_info of the answer', async () => {
    const { provider, settings } = buildSipay();
    token();
    let sent = '';
    nock(API_ORIGIN)
      .post(WALLET_INFO_PATH)
      .reply(function () {
        sent = sentBodyText(this);
        return [
          200,
          '{"status":0,"code":"100","message":"m","payload":{"wallet_info":{"currency_code":"TRY","payment_balance":{"available":1234.50}}}}',
          JSON_HEADERS,
        ];
      });
    const outcome = await provider.readBalance!();
    expect(JSON.parse(sent)).toEqual({ wallet_number: settings.senderWalletNumber });
    expect(outcome).toMatchObject({ kind: 'known', amount: 123450n, currency: 'TRY', raw: { httpStatus: 200 } });
  });

  it('is unreadable when the answer has no wallet_info, and unavailable on a server error or another code', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN)
      .post(WALLET_INFO_PATH)
      .reply(200, '{"status":0,"code":"100","message":"m","payload":{}}', JSON_HEADERS);
    expect(await provider.readBalance!()).toMatchObject({ kind: 'unreadable' });
    nock(API_ORIGIN).post(WALLET_INFO_PATH).reply(200, '{"status":2,"code":"300","message":"m","payload":null}');
    expect(await provider.readBalance!()).toMatchObject({ kind: 'unavailable', reason: 'unknown_code' });
    nock(API_ORIGIN).post(WALLET_INFO_PATH).times(10).reply(503, '');
    expect(await provider.readBalance!()).toMatchObject({ kind: 'unavailable', reason: 'server_error' });
  });
});
