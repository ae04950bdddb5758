import nock from 'nock';
import { systemRetryClock } from '../contract/retry-policy';
import { InMemoryTokenStore, TokenStore } from '../contract/token-store';
import { fakeClock, FakeClock, FAST_RETRY_POLICY } from '@test/support/providers/adapter-fakes';
import {
  API_ORIGIN,
  buildSipay,
  fixture,
  fixtureAttempt,
  FIXTURE_TOKEN,
  JSON_HEADERS,
  SEND_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
} from '@test/support/providers/sipay';
import { SipayTokenClient } from './sipay.token';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const HOUR = 3_600_000;
const tokenAnswer = (accessToken: string, expiresIn = 3600) => ({
  access_token: accessToken,
  token_type: 'Bearer',
  expires_in: expiresIn,
});

function tokenClient(
  clock: FakeClock | typeof systemRetryClock = fakeClock(),
  store: TokenStore = new InMemoryTokenStore(clock.now),
) {
  return new SipayTokenClient({
    tokenUrl: `${TOKEN_ORIGIN}${TOKEN_PATH}`,
    clientId: 'client-walletgate-1',
    clientSecret: 'cs_9f8e7d6c5b4a3210',
    scope: 'sts_business_api',
    timeoutMs: 500,
    store,
    clock,
    retryPolicy: FAST_RETRY_POLICY,
    peerPollMs: 5,
  });
}

describe('SipayTokenClient', () => {
  it('posts form-encoded client credentials and reads the fixture token', async () => {
    let form = '';
    let contentType = '';
    nock(TOKEN_ORIGIN)
      .post(TOKEN_PATH)
      .reply(function (_uri, body) {
        form = String(body);
        contentType = (this.req.headers as Record<string, string>)['content-type'];
        return [200, fixture('token.response.json'), JSON_HEADERS];
      });
    expect(await tokenClient().accessToken()).toEqual({ ok: true, accessToken: FIXTURE_TOKEN });
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(form))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-walletgate-1',
      client_secret: 'cs_9f8e7d6c5b4a3210',
      scope: 'sts_business_api',
    });
  });

  it('caches the token until 80 % of its life, then fetches the next one', async () => {
    const clock = fakeClock();
    const client = tokenClient(clock);
    nock(TOKEN_ORIGIN)
      .post(TOKEN_PATH)
      .reply(200, tokenAnswer('first'))
      .post(TOKEN_PATH)
      .reply(200, tokenAnswer('second'));
    expect(await client.accessToken()).toEqual({ ok: true, accessToken: 'first' });
    clock.advance(0.79 * HOUR);
    expect(await client.accessToken()).toEqual({ ok: true, accessToken: 'first' });
    clock.advance(0.02 * HOUR);
    expect(await client.accessToken()).toEqual({ ok: true, accessToken: 'second' });
  });

  it('fetches once for many concurrent callers (single flight in a process)', async () => {
    const client = tokenClient();
    const scope = nock(TOKEN_ORIGIN).post(TOKEN_PATH).once().delay(30).reply(200, tokenAnswer('only'));
    const results = await Promise.all(Array.from({ length: 10 }, () => client.accessToken()));
    expect(new Set(results.map((r) => (r.ok ? r.accessToken : r.reason)))).toEqual(new Set(['only']));
    scope.done();
  });

  it('fetches once across processes sharing the store: the one without the lock waits for the other', async () => {
    const store = new InMemoryTokenStore();
    const [processA, processB] = [tokenClient(systemRetryClock, store), tokenClient(systemRetryClock, store)];
    const scope = nock(TOKEN_ORIGIN).post(TOKEN_PATH).once().delay(50).reply(200, tokenAnswer('shared'));
    const results = await Promise.all([processA.accessToken(), processB.accessToken()]);
    expect(results).toEqual([
      { ok: true, accessToken: 'shared' },
      { ok: true, accessToken: 'shared' },
    ]);
    scope.done();
  });

  it('keeps using a token that has not expired when the early refresh fails', async () => {
    const clock = fakeClock();
    const client = tokenClient(clock);
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, tokenAnswer('first')).post(TOKEN_PATH).times(4).reply(503, '');
    await client.accessToken();
    clock.advance(0.9 * HOUR);
    expect(await client.accessToken()).toEqual({ ok: true, accessToken: 'first' });
  });

  it('says unauthorized when the credentials are refused and token_unavailable when nothing usable came back', async () => {
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(400, { error: 'invalid_client' });
    expect(await tokenClient().accessToken()).toEqual({ ok: false, reason: 'unauthorized' });
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, { token_type: 'Bearer' });
    expect(await tokenClient().accessToken()).toEqual({ ok: false, reason: 'token_unavailable' });
  });

  it('replaces a rejected token, but takes a newer one another process already stored', async () => {
    const clock = fakeClock();
    const store = new InMemoryTokenStore(clock.now);
    const client = tokenClient(clock, store);
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, tokenAnswer('old'));
    await client.accessToken();
    await store.write(
      { accessToken: 'newer', expiresAtMs: clock.now() + HOUR, refreshAtMs: clock.now() + 0.8 * HOUR },
      HOUR,
    );
    expect(await client.replaceRejected('old')).toEqual({ ok: true, accessToken: 'newer' });
  });
});

describe('Sipay 401 handling through the adapter', () => {
  it('refreshes the token once on a 401 and sends again with the new one', async () => {
    const { provider } = buildSipay();
    nock(TOKEN_ORIGIN)
      .post(TOKEN_PATH)
      .reply(200, tokenAnswer('stale'))
      .post(TOKEN_PATH)
      .reply(200, tokenAnswer('fresh'));
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .matchHeader('authorization', 'Bearer stale')
      .reply(401, '')
      .post(SEND_PATH)
      .matchHeader('authorization', 'Bearer fresh')
      .reply(200, fixture('send-money.response.json'), JSON_HEADERS);
    expect(await provider.submit(fixtureAttempt())).toMatchObject({ kind: 'accepted', raw: { requestCount: 2 } });
  });

  it('refreshes only once: a second 401 is reported, not looped on', async () => {
    const { provider } = buildSipay();
    const tokens = nock(TOKEN_ORIGIN).post(TOKEN_PATH).times(2).reply(200, tokenAnswer('t'));
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .times(2)
      .reply(401, { status: 2, code: '401', message: 'Yetkisiz erişim', payload: null });
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'ambiguous',
      reason: 'unauthorized',
      raw: { requestCount: 2 },
    });
    tokens.done();
  });
});
