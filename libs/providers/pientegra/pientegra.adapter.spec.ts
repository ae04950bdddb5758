import nock from 'nock';
import { InMemoryRateBudget } from '../contract/rate-budget';
import {
  buildPientegra,
  fixture,
  fixtureAttempt,
  fixtureJson,
  TEST_API_ORIGIN,
  TEST_API_PATH,
} from '@test/support/providers/pientegra';

const CREATE = `${TEST_API_PATH}/external/withdrawals`;
const WITHDRAWAL_ID = '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00';
const json = { 'content-type': 'application/json' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('PientegraAdapter.submit', () => {
  it('sends the fixture body with Bearer auth and our reference as Idempotency-Key, and reads the fixture answer', async () => {
    const { provider, settings } = buildPientegra();
    const attempt = fixtureAttempt();
    const scope = nock(TEST_API_ORIGIN)
      .post(CREATE, (body) => JSON.stringify(body) === JSON.stringify(fixtureJson('create-withdrawal.request.json')))
      .matchHeader('authorization', `Bearer ${settings.apiKey}`)
      .matchHeader('idempotency-key', attempt.reference)
      .reply(201, fixture('create-withdrawal.response.json'), json);

    const outcome = await provider.submit(attempt);

    expect(outcome).toMatchObject({ kind: 'accepted', providerId: WITHDRAWAL_ID, signal: { status: 'processing' } });
    expect(outcome.raw.body).toBe(fixture('create-withdrawal.response.json').toString('utf8'));
    scope.done();
  });

  it('sends the amount as a minor-unit string', async () => {
    const { provider } = buildPientegra();
    let sent: unknown;
    nock(TEST_API_ORIGIN)
      .post(CREATE, (body) => ((sent = body), true))
      .reply(201, fixture('create-withdrawal.response.json'), json);
    await provider.submit(fixtureAttempt({ amount: 9007199254740993n }));
    expect((sent as { amount: unknown }).amount).toBe('9007199254740993');
  });

  it('uses the payout id as externalUserId when the payout has no customer', async () => {
    const { provider } = buildPientegra();
    let sent: Record<string, unknown> = {};
    nock(TEST_API_ORIGIN)
      .post(CREATE, (body) => ((sent = body), true))
      .reply(201, fixture('create-withdrawal.response.json'), json);
    const attempt = fixtureAttempt({ customer: undefined });
    await provider.submit(attempt);
    expect(sent.externalUserId).toBe(attempt.payoutId);
    expect('externalUserLabel' in sent).toBe(false);
  });

  it('reuses the Idempotency-Key when retrying after a 503', async () => {
    const { provider } = buildPientegra();
    const attempt = fixtureAttempt();
    const keys: string[] = [];
    const record = function (this: { req: { headers: Record<string, string> } }) {
      keys.push(this.req.headers['idempotency-key']);
    };
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .reply(function () {
        record.call(this);
        return [503, ''];
      })
      .post(CREATE)
      .reply(function () {
        record.call(this);
        return [201, fixture('create-withdrawal.response.json'), json];
      });
    const outcome = await provider.submit(attempt);
    expect(outcome.kind).toBe('accepted');
    expect(keys).toEqual([attempt.reference, attempt.reference]);
    expect(outcome.raw.requestCount).toBe(2);
  });

  it('honours Retry-After on 429 and retries with the same key', async () => {
    const { provider, clock } = buildPientegra();
    const attempt = fixtureAttempt();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .matchHeader('idempotency-key', attempt.reference)
      .reply(429, '', { 'retry-after': '3' })
      .post(CREATE)
      .matchHeader('idempotency-key', attempt.reference)
      .reply(201, fixture('create-withdrawal.response.json'), json);
    const outcome = await provider.submit(attempt);
    expect(outcome.kind).toBe('accepted');
    expect(clock.sleeps.some((ms) => ms >= 3_000)).toBe(true);
  });

  // Timeouts of 500 ms against a 1.5 s delay: with 50 ms a loaded machine (a full parallel test run) timed out the
  // tries that answer at once, too.
  it('reuses the Idempotency-Key when retrying after a timeout', async () => {
    const { provider } = buildPientegra({ settings: { timeoutMs: 500 } });
    const attempt = fixtureAttempt();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .matchHeader('idempotency-key', attempt.reference)
      .delay(1_500)
      .reply(201, fixture('create-withdrawal.response.json'), json)
      .post(CREATE)
      .matchHeader('idempotency-key', attempt.reference)
      .reply(201, fixture('create-withdrawal.response.json'), json);
    const outcome = await provider.submit(attempt);
    expect(outcome).toMatchObject({ kind: 'accepted', providerId: WITHDRAWAL_ID });
    expect(outcome.raw.requestCount).toBe(2);
  });

  it('reuses the Idempotency-Key when retrying after a connection reset', async () => {
    const { provider } = buildPientegra();
    const attempt = fixtureAttempt();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .matchHeader('idempotency-key', attempt.reference)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post(CREATE)
      .matchHeader('idempotency-key', attempt.reference)
      .reply(201, fixture('create-withdrawal.response.json'), json);
    expect((await provider.submit(attempt)).kind).toBe('accepted');
  });

  it('is ambiguous, never failed, when every try times out or fails', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN).post(CREATE).times(4).reply(503, '');
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({
      kind: 'ambiguous',
      reason: 'server_error',
      raw: { requestCount: 4, httpStatus: 503 },
    });
  });

  it('treats a refusal after a try it never heard back from as ambiguous', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .reply(502, '')
      .post(CREATE)
      .reply(401, { error: { code: 'unauthorized', message: 'bad key' } });
    const outcome = await provider.submit(fixtureAttempt());
    expect(outcome).toMatchObject({ kind: 'ambiguous', reason: 'refused_after_unknown_try' });
  });

  it('keeps a 2xx without a withdrawalId ambiguous', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN).post(CREATE).reply(200, '<html>ok</html>');
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'ambiguous',
      reason: 'unparseable_response',
    });
  });
});

describe('Pientegra rate budget', () => {
  it('shares one budget per API key: a spent budget reports rate_limited without sending anything', async () => {
    const budget = new InMemoryRateBudget(() => 0);
    const first = buildPientegra({ budget, settings: { requestsPerMinute: 2 }, budgetMaxWaitMs: 0 });
    const second = buildPientegra({ budget, settings: { requestsPerMinute: 2 }, budgetMaxWaitMs: 0 });
    nock(TEST_API_ORIGIN).post(CREATE).times(2).reply(201, fixture('create-withdrawal.response.json'), json);
    expect((await first.provider.submit(fixtureAttempt())).kind).toBe('accepted');
    expect((await second.provider.submit(fixtureAttempt())).kind).toBe('accepted');
    const third = await second.provider.submit(fixtureAttempt());
    expect(third).toMatchObject({ kind: 'ambiguous', reason: 'rate_limited', raw: { requestCount: 0 } });
    const lookup = await first.provider.lookup(fixtureAttempt({ providerId: WITHDRAWAL_ID }));
    expect(lookup).toMatchObject({ kind: 'unavailable', reason: 'rate_limited' });
  });

  it('waits for a slot when one frees up within the bound', async () => {
    const { provider, clock } = buildPientegra({ settings: { requestsPerMinute: 1 }, budgetMaxWaitMs: 61_000 });
    nock(TEST_API_ORIGIN).post(CREATE).times(2).reply(201, fixture('create-withdrawal.response.json'), json);
    await provider.submit(fixtureAttempt());
    const startedAt = clock.now();
    expect((await provider.submit(fixtureAttempt())).kind).toBe('accepted');
    expect(clock.now() - startedAt).toBeGreaterThanOrEqual(60_000);
  });
});

describe('PientegraAdapter.lookup', () => {
  const withdrawal = (status: string) => ({
    withdrawalId: WITHDRAWAL_ID,
    referenceNo: 'W-2026-0000123',
    externalUserId: 'user-12345',
    amount: '250000',
    currency: 'TRY',
    status,
    createdAt: '2026-04-28T12:00:00.000Z',
    updatedAt: '2026-04-28T13:00:00.000Z',
  });

  it('reads the withdrawal by its id when the attempt knows it', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN).get(`${CREATE}/${WITHDRAWAL_ID}`).reply(200, withdrawal('SENT'));
    const outcome = await provider.lookup(fixtureAttempt({ providerId: WITHDRAWAL_ID }));
    expect(outcome).toMatchObject({
      kind: 'found',
      providerId: WITHDRAWAL_ID,
      signal: { status: 'succeeded', providerStatus: 'SENT' },
    });
  });

  it('without an id, replays the identical create under the same key, then reads the withdrawal', async () => {
    const { provider } = buildPientegra();
    const attempt = fixtureAttempt();
    const scope = nock(TEST_API_ORIGIN)
      .post(CREATE, (body) => JSON.stringify(body) === JSON.stringify(fixtureJson('create-withdrawal.request.json')))
      .matchHeader('idempotency-key', attempt.reference)
      .reply(200, fixture('create-withdrawal.response.json'), json)
      .get(`${CREATE}/${WITHDRAWAL_ID}`)
      .reply(200, withdrawal('PENDING_REVIEW'));
    const outcome = await provider.lookup(attempt);
    expect(outcome).toMatchObject({
      kind: 'found',
      providerId: WITHDRAWAL_ID,
      signal: { status: 'processing' },
      raw: { requestCount: 2 },
    });
    scope.done();
  });

  it('proves "not executed" when the replayed create is refused again', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .reply(422, { error: { code: 'amount_below_min', message: 'too small' } });
    const outcome = await provider.lookup(fixtureAttempt());
    expect(outcome).toMatchObject({
      kind: 'not_found',
      provesNotExecuted: true,
      failure: { code: 'amount_out_of_range' },
    });
  });

  it('refuses to replay a create older than the key retention', async () => {
    const { provider, clock } = buildPientegra();
    const outcome = await provider.lookup(fixtureAttempt({ submittedAt: new Date(clock.now() - 25 * 3_600_000) }));
    expect(outcome).toMatchObject({ kind: 'unavailable', reason: 'idempotency_key_expired', raw: { requestCount: 0 } });
  });

  it('says not_found (proving nothing) for an unknown id, and unavailable on 5xx', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .get(`${CREATE}/unknown`)
      .reply(404, { error: { code: 'not_found' } })
      .get(`${CREATE}/down`)
      .times(4)
      .reply(500, '');
    expect(await provider.lookup(fixtureAttempt({ providerId: 'unknown' }))).toMatchObject({
      kind: 'not_found',
      provesNotExecuted: false,
    });
    expect(await provider.lookup(fixtureAttempt({ providerId: 'down' }))).toMatchObject({
      kind: 'unavailable',
      reason: 'server_error',
    });
  });

  it('is unparseable, with the raw kept, when the status is unknown', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN).get(`${CREATE}/${WITHDRAWAL_ID}`).reply(200, withdrawal('ON_HOLD'));
    const outcome = await provider.lookup(fixtureAttempt({ providerId: WITHDRAWAL_ID }));
    expect(outcome.kind).toBe('unparseable');
    expect(outcome.raw.body).toContain('ON_HOLD');
  });
});

describe('Pientegra missed webhooks', () => {
  it('lists undelivered events across pages and replays one', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .get(`${TEST_API_PATH}/external/events`)
      .query({ deliveryStatus: 'FAILED,DEAD' })
      .reply(200, { data: [{ eventId: 'evt-1' }], nextCursor: 'c2' })
      .get(`${TEST_API_PATH}/external/events`)
      .query({ deliveryStatus: 'FAILED,DEAD', cursor: 'c2' })
      .reply(200, { data: [{ eventId: 'evt-2' }], nextCursor: null })
      .post(`${TEST_API_PATH}/external/events/evt-1/replay`)
      .matchHeader('idempotency-key', /^[0-9a-f-]{36}$/)
      .reply(202, {});
    expect(await provider.missedWebhooks?.listUndelivered()).toEqual(['evt-1', 'evt-2']);
    await expect(provider.missedWebhooks?.replay('evt-1')).resolves.toBeUndefined();
  });

  it('throws a message without secrets when the listing fails', async () => {
    const { provider, settings } = buildPientegra();
    nock(TEST_API_ORIGIN).get(`${TEST_API_PATH}/external/events`).query(true).reply(403, {});
    const error = await provider.missedWebhooks?.listUndelivered().catch((e: Error) => e);
    expect((error as Error).message).toContain('403');
    expect((error as Error).message).not.toContain(settings.apiKey);
  });
});
