import nock from 'nock';
import { findLeaks } from '@test/support/providers/adapter-fakes';
import {
  buildPientegra,
  fixture,
  fixtureAttempt,
  TEST_API_ORIGIN,
  TEST_API_PATH,
} from '@test/support/providers/pientegra';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const CREATE = `${TEST_API_PATH}/external/withdrawals`;

describe('Pientegra never logs or throws a secret, a full IBAN or a national id', () => {
  it('across accepted, refused, failing, throttled, timed-out and webhook calls', async () => {
    const { provider, logger, settings } = buildPientegra({ settings: { timeoutMs: 30 } });
    const attempt = fixtureAttempt();
    const texts: string[] = [];
    const keep = (outcome: object) => {
      const { raw: _raw, ...rest } = outcome as { raw?: unknown };
      texts.push(JSON.stringify(rest));
    };
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .reply(201, fixture('create-withdrawal.response.json'))
      .post(CREATE)
      .reply(422, {
        error: {
          code: 'validation_failed',
          message: `IBAN ${attempt.beneficiary.iban} refused for key ${settings.apiKey}`,
        },
      })
      .post(CREATE)
      .times(4)
      .reply(503, `upstream said Bearer ${settings.apiKey}`)
      .post(CREATE)
      .times(4)
      .reply(429, '', { 'retry-after': '1' })
      .post(CREATE)
      .times(4)
      .delay(200)
      .reply(201, '{}')
      .get(`${TEST_API_PATH}/external/events`)
      .query(true)
      .reply(500, settings.apiKey);
    for (let i = 0; i < 5; i++) keep(await provider.submit(attempt));
    const badSignature = {
      headers: { 'pientegra-signature': 't=1,v1=00' },
      rawBody: fixture('webhook-withdrawal-sent.body.json'),
      receivedAt: new Date(),
    };
    keep(await provider.verifyWebhook(badSignature));
    keep(await provider.parseWebhook(badSignature));
    const error = await provider.missedWebhooks?.listUndelivered().catch((e: Error) => e);
    texts.push(String((error as Error).message), ...logger.lines);

    expect(logger.lines.length).toBeGreaterThanOrEqual(7);
    const secrets = [
      settings.apiKey,
      ...settings.webhookSecrets,
      attempt.beneficiary.iban,
      attempt.beneficiary.nationalId ?? '',
    ];
    expect(findLeaks(texts, secrets)).toEqual([]);
  });
});
