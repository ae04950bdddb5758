import nock from 'nock';
import { findLeaks } from '@test/support/providers/adapter-fakes';
import {
  API_ORIGIN,
  buildSipay,
  fixture,
  fixtureAttempt,
  JSON_HEADERS,
  LOOKUP_PATH,
  SEND_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
} from '@test/support/providers/sipay';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Sipay never logs or throws a secret, a token, a full IBAN or a national id', () => {
  it('across token, send, lookup and webhook calls, good and bad', async () => {
    const { provider, logger, settings } = buildSipay({ settings: { timeoutMs: 30 } });
    const attempt = fixtureAttempt();
    const accessToken = 'eyJhbGciOiJIUzI1NiJ9.leak-me.sig';
    const texts: string[] = [];
    const keep = (outcome: object) => {
      const { raw: _raw, ...rest } = outcome as { raw?: unknown };
      texts.push(
        JSON.stringify(rest, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
      );
    };
    nock(TOKEN_ORIGIN)
      .post(TOKEN_PATH)
      .reply(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 })
      .post(TOKEN_PATH)
      .reply(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .reply(200, fixture('send-money.response.json'), JSON_HEADERS)
      .post(SEND_PATH)
      .reply(200, {
        status: 2,
        code: '306',
        message: `İsim ${attempt.beneficiary.iban} / ${attempt.beneficiary.nationalId} eşleşmiyor`,
      })
      .post(SEND_PATH)
      .times(4)
      .delay(200)
      .reply(200, '{}')
      .post(LOOKUP_PATH)
      .reply(200, fixture('get-request-withdraw-by-ext-id.response.json'), JSON_HEADERS)
      .post(SEND_PATH)
      .times(2)
      .reply(401, `token ${accessToken} expired`);
    for (let i = 0; i < 3; i++) keep(await provider.submit(attempt));
    keep(await provider.lookup(attempt));
    keep(await provider.submit(attempt));
    const webhook = {
      headers: {},
      rawBody: fixture('webhook-bank-transfer-success.json'),
      pathToken: 'guess',
      receivedAt: new Date(),
    };
    keep(await provider.verifyWebhook(webhook));
    keep(await provider.parseWebhook(webhook));
    texts.push(...logger.lines);

    expect(logger.lines.length).toBeGreaterThanOrEqual(7);
    const secrets = [
      settings.clientSecret,
      settings.webhookToken,
      accessToken,
      attempt.beneficiary.iban,
      '10000000146',
    ];
    expect(findLeaks(texts, secrets)).toEqual([]);
  });
});
