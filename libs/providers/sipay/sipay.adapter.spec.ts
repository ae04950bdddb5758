import { parseJsonLossless } from '@libs/platform/json';
import nock from 'nock';
import { sentBodyText, sentHeaders } from '@test/support/providers/adapter-fakes';
import {
  API_ORIGIN,
  buildSipay,
  fixture,
  fixtureAttempt,
  FIXTURE_TOKEN,
  JSON_HEADERS,
  LOOKUP_PATH,
  SEND_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
} from '@test/support/providers/sipay';

const REQUEST_ID = '2505267108142371608';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const token = () => nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, fixture('token.response.json'), JSON_HEADERS);
const envelope = (code: string, payload: unknown = null) => ({
  status: code === '100' ? 0 : 2,
  code,
  message: 'm',
  payload,
});

describe('SipayAdapter.submit', () => {
  it('sends the fixture request with the amount as the bare number 2500.00, Bearer token and x-client-id', async () => {
    const { provider, settings } = buildSipay();
    token();
    let sent = '';
    let headers: Record<string, string> = {};
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .reply(function () {
        sent = sentBodyText(this);
        headers = sentHeaders(this);
        return [200, fixture('send-money.response.json'), JSON_HEADERS];
      });
    await provider.submit(fixtureAttempt());
    expect(parseJsonLossless(sent)).toEqual(parseJsonLossless(fixture('send-money.request.json')));
    expect(sent).toContain('"amount":2500.00');
    expect(headers.authorization).toBe(`Bearer ${FIXTURE_TOKEN}`);
    expect(headers['x-client-id']).toBe(settings.clientKey);
  });

  it('keeps the 64-bit request_id of the fixture exact, which JSON.parse would corrupt', async () => {
    const raw = fixture('send-money.response.json');
    const viaJsonParse = String(
      (JSON.parse(raw.toString('utf8')) as { payload: { request_id: number } }).payload.request_id,
    );
    expect(viaJsonParse).not.toBe(REQUEST_ID);

    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN).post(SEND_PATH).reply(200, raw, JSON_HEADERS);
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({
      kind: 'accepted',
      providerId: REQUEST_ID,
      signal: { status: 'processing', providerStatus: 'code=100' },
    });
    expect(outcome.raw.body).toBe(raw.toString('utf8'));
  });

  it('reads the 311 fixture as not executed, failover allowed', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN).post(SEND_PATH).reply(200, fixture('send-money-error-insufficient-balance.json'), JSON_HEADERS);
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'not_executed',
      failure: {
        code: 'insufficient_provider_balance',
        providerCode: '311',
        providerMessage: expect.stringContaining('bakiyeniz'),
      },
      failoverAllowed: true,
    });
  });

  it('decides by the envelope whatever the HTTP status: a 500 carrying code 311 is not retried', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .once()
      .reply(500, fixture('send-money-error-insufficient-balance.json'), JSON_HEADERS);
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({ kind: 'not_executed', raw: { requestCount: 1 } });
  });

  it('retries a 500 without an envelope with the same ext_transaction_id', async () => {
    const { provider } = buildSipay();
    token();
    const references: string[] = [];
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .times(2)
      .reply(function () {
        references.push(
          String((parseJsonLossless(sentBodyText(this)) as { ext_transaction_id: string }).ext_transaction_id),
        );
        return references.length === 1
          ? [500, 'Internal Server Error']
          : [200, fixture('send-money.response.json'), JSON_HEADERS];
      });
    expect((await provider.submit(fixtureAttempt())).kind).toBe('accepted');
    expect(references).toEqual(['20351400', '20351400']);
  });

  it('retries a 429 with the same ext_transaction_id', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN)
      .post(SEND_PATH, (body) => body.ext_transaction_id === '20351400')
      .reply(429, '', { 'retry-after': '1' })
      .post(SEND_PATH, (body) => body.ext_transaction_id === '20351400')
      .reply(200, fixture('send-money.response.json'), JSON_HEADERS);
    expect((await provider.submit(fixtureAttempt())).kind).toBe('accepted');
  });

  // Timeouts of 500 ms against a 1.5 s delay: with 50 ms a loaded machine (a full parallel test run) timed out the
  // tries that answer at once, too.
  it('resolves a timeout followed by 301 with one lookup, without a second transfer', async () => {
    const { provider } = buildSipay({ settings: { timeoutMs: 500 } });
    token();
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .delay(1_500)
      .reply(200, fixture('send-money.response.json'), JSON_HEADERS)
      .post(SEND_PATH)
      .reply(200, envelope('301'))
      .post(LOOKUP_PATH, { ext_transaction_id: '20351400' })
      .reply(200, fixture('get-request-withdraw-by-ext-id.response.json'), JSON_HEADERS);
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({
      kind: 'accepted',
      providerId: '51245474865865865',
      signal: { status: 'succeeded' },
      raw: { requestCount: 3 },
    });
  });

  it('treats a refusal after a try it never heard back from as unknown, and looks the attempt up', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .reply(502, '')
      .post(SEND_PATH)
      .reply(200, fixture('send-money-error-insufficient-balance.json'), JSON_HEADERS)
      .post(LOOKUP_PATH)
      .reply(200, envelope('300'));
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'ambiguous',
      reason: 'refused_after_unknown_try',
    });
  });

  it('refuses, without sending anything, a payout without a national id (another provider may take it)', async () => {
    const { provider } = buildSipay();
    const attempt = fixtureAttempt({ beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890' } });
    expect(await provider.submit(attempt)).toMatchObject({
      kind: 'not_executed',
      failure: { code: 'invalid_beneficiary', providerCode: 'national_id_required' },
      failoverAllowed: true,
      raw: { requestCount: 0 },
    });
  });

  // Failed on f689337: the client kept only the last post's flag after a token refresh, so a 311 after a timed-out
  // try and a 401 was taken as "not executed" and the payout failed over while Sipay may have recorded the first try.
  it('remembers a timed-out try across a token refresh: a refusal after it proves nothing', async () => {
    const { provider } = buildSipay({ settings: { timeoutMs: 500 } });
    const attempt = fixtureAttempt();
    token();
    nock(API_ORIGIN).post(SEND_PATH).delay(1_500).reply(200, envelope('100')).post(SEND_PATH).reply(401, '');
    token();
    nock(API_ORIGIN).post(SEND_PATH).reply(200, envelope('311'));
    nock(API_ORIGIN).post(LOOKUP_PATH).reply(200, envelope('300'));
    expect(await provider.submit(attempt)).toMatchObject({ kind: 'ambiguous', reason: 'refused_after_unknown_try' });
  });

  it('is ambiguous when the token is refused after a timed-out try of the same call', async () => {
    const { provider } = buildSipay({ settings: { timeoutMs: 500 } });
    token();
    nock(API_ORIGIN).post(SEND_PATH).delay(1_500).reply(200, envelope('100')).post(SEND_PATH).reply(401, '');
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).times(2).reply(400, { error: 'invalid_client' });
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'ambiguous',
      reason: 'refused_after_unknown_try',
    });
  });

  it('sends nothing when the caller refuses the claim, and says why', async () => {
    const { provider } = buildSipay();
    token();
    const scope = nock(API_ORIGIN).post(SEND_PATH).reply(200, envelope('100'));
    const outcome = await provider.submit(fixtureAttempt({ beforeFirstSend: async () => 'attempt_settled' }));
    expect(outcome).toMatchObject({ kind: 'ambiguous', reason: 'attempt_settled', raw: { requestCount: 0 } });
    expect(scope.isDone()).toBe(false);
  });

  it('fails over when Sipay refuses our client credentials, and is unavailable for lookups', async () => {
    const { provider } = buildSipay();
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).times(2).reply(400, { error: 'invalid_client' });
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'not_executed',
      failure: { code: 'provider_unavailable' },
      failoverAllowed: true,
    });
    expect(await provider.lookup(fixtureAttempt())).toMatchObject({ kind: 'unavailable', reason: 'unauthorized' });
  });

  it('is ambiguous when the token endpoint cannot be reached, saying nothing was sent', async () => {
    const { provider } = buildSipay();
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).times(4).reply(503, '');
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'ambiguous',
      reason: 'token_unavailable',
      raw: { requestCount: 0 },
    });
  });
});

describe('SipayAdapter.lookup', () => {
  it('reads the lookup fixture byte for byte: record id exact, status 1 = succeeded, raw kept', async () => {
    const raw = fixture('get-request-withdraw-by-ext-id.response.json');
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN).post(LOOKUP_PATH).reply(200, raw, JSON_HEADERS);
    const outcome = await provider.lookup(fixtureAttempt({ reference: '21fb407d-f998-454c-a427-0017f1ca7b3b' }));
    expect(outcome).toMatchObject({
      kind: 'found',
      providerId: '51245474865865865',
      signal: { status: 'succeeded', providerStatus: 'process_level_status=1' },
    });
    expect(outcome.raw.body).toBe(raw.toString('utf8'));
    expect(outcome.raw.body).toContain('43643643643643643643643');
  });

  it('accepts the record under payload.results, as an object or a list', async () => {
    const { provider } = buildSipay();
    token();
    const record = { id: 2505267108142371608n, ext_transaction_id: '20351400', process_level_status: 0 };
    const asText = (payload: string) => `{"status":0,"code":"100","message":"ok","payload":${payload}}`;
    const recordText = `{"id":${record.id},"ext_transaction_id":"20351400","process_level_status":0}`;
    nock(API_ORIGIN)
      .post(LOOKUP_PATH)
      .reply(200, asText(`{"results":${recordText}}`), JSON_HEADERS)
      .post(LOOKUP_PATH)
      .reply(
        200,
        asText(`{"results":[{"id":1,"ext_transaction_id":"other","process_level_status":2},${recordText}]}`),
        JSON_HEADERS,
      );
    for (let i = 0; i < 2; i++) {
      expect(await provider.lookup(fixtureAttempt())).toMatchObject({
        kind: 'found',
        providerId: REQUEST_ID,
        signal: { status: 'processing' },
      });
    }
  });

  it('proves nothing with "not found" inside the consistency window, and proves "never executed" after it', async () => {
    const { provider, clock } = buildSipay();
    token();
    nock(API_ORIGIN).post(LOOKUP_PATH).times(3).reply(200, envelope('300'));
    const submittedAt = new Date(clock.now());
    expect(await provider.lookup(fixtureAttempt({ submittedAt }))).toMatchObject({
      kind: 'not_found',
      provesNotExecuted: false,
    });
    expect(await provider.lookup(fixtureAttempt())).toMatchObject({ kind: 'not_found', provesNotExecuted: false });
    clock.advance(30 * 60_000);
    expect(await provider.lookup(fixtureAttempt({ submittedAt }))).toMatchObject({
      kind: 'not_found',
      provesNotExecuted: true,
    });
  });

  it('is unavailable on an unknown code and on a 5xx, unparseable on a 200 without an envelope', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN)
      .post(LOOKUP_PATH)
      .reply(200, envelope('999'))
      .post(LOOKUP_PATH)
      .times(4)
      .reply(503, '')
      .post(LOOKUP_PATH)
      .reply(200, '<html></html>');
    expect(await provider.lookup(fixtureAttempt())).toMatchObject({ kind: 'unavailable', reason: 'unknown_code' });
    expect(await provider.lookup(fixtureAttempt())).toMatchObject({ kind: 'unavailable', reason: 'server_error' });
    expect(await provider.lookup(fixtureAttempt())).toMatchObject({ kind: 'unparseable' });
  });
});

describe('Sipay server faults inside an envelope', () => {
  it('retries an HTTP 500 whose envelope code is not one of ours ("500"), under the same ext_transaction_id', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN)
      .post(SEND_PATH, (body) => body.ext_transaction_id === '20351400')
      .reply(500, { status: 2, code: '500', message: 'Beklenmeyen bir hata oluştu', payload: null })
      .post(SEND_PATH, (body) => body.ext_transaction_id === '20351400')
      .reply(200, fixture('send-money.response.json'), JSON_HEADERS);
    expect(await provider.submit(fixtureAttempt())).toMatchObject({ kind: 'accepted', raw: { requestCount: 2 } });
  });
});
