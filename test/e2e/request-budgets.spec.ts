import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import {
  AUTH_FAILURE_BUDGET,
  CLIENT_STORE,
  LocalRequestBudget,
  OPS_LOGIN_BUDGET,
  type ClientStore,
  type FailedAttemptBudget,
} from '@libs/clients';
import { startPayoutsApi, type ApiCall, type PayoutsApiHarness } from '../support/payouts-api';

// Small budgets so a test can spend them; a key prefix of this file's own, as Redis holds the counts (and blocks) of
// every api that shares it.
const BUDGETS = {
  PUBLIC_RATE_LIMIT_PER_MINUTE: '5',
  AUTH_FAILURE_LIMIT_PER_MINUTE: '3',
  OPS_LOGIN_FAILURE_LIMIT: '2',
  OPS_LOGIN_FAILURE_WINDOW: '15m',
};
const DEFAULTS = {
  PUBLIC_RATE_LIMIT_PER_MINUTE: '20000',
  AUTH_FAILURE_LIMIT_PER_MINUTE: '300',
  OPS_LOGIN_FAILURE_LIMIT: '10',
  OPS_LOGIN_FAILURE_WINDOW: '15m',
};

function expectRateLimited(answer: ApiCall): void {
  expect(answer.status).toBe(429);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status: 429, code: 'rate_limited' });
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('request budgets of routes without an API key', () => {
  const prefix = `budgets${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14', { keyPrefix: prefix });
  let h: PayoutsApiHarness;

  beforeAll(async () => {
    h = await startPayoutsApi(
      'request_budgets',
      { reader: ['payouts:read'], ops: ['ops:read'] },
      {
        ...BUDGETS,
        REDIS_KEY_PREFIX: prefix,
      },
    );
  });

  // Every test starts with full budgets: the counts live in Redis under this file's prefix, the per-address budget of
  // routes without a key and what the failure budgets know of blocked addresses in the api process.
  afterEach(async () => {
    h.api.app.get(LocalRequestBudget).clear();
    for (const budget of [AUTH_FAILURE_BUDGET, OPS_LOGIN_BUDGET]) h.api.app.get<FailedAttemptBudget>(budget).forget();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.unlink(...keys.map((key) => key.slice(prefix.length)));
  });

  afterAll(async () => {
    await h?.close();
    Object.assign(process.env, DEFAULTS);
    redis.disconnect();
  });

  const webhook = (path: string) => h.call('POST', path, { raw: '{"event":"forged"}' });

  it('names its budget in the usual X-RateLimit-* headers, without the throttler’s name', async () => {
    const publicAnswer = await webhook('/v1/webhooks/pientegra');
    const clientAnswer = await h.call('GET', '/v1/payouts', { key: h.keys.reader });
    for (const answer of [publicAnswer, clientAnswer]) {
      expect(Number(answer.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0);
      expect(answer.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(answer.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
      expect([...answer.headers.keys()].filter((name) => /-(client|public)$/.test(name))).toEqual([]);
    }
    expect(publicAnswer.headers.get('x-ratelimit-limit')).toBe(BUDGETS.PUBLIC_RATE_LIMIT_PER_MINUTE);
  });

  it('answers 429 rate_limited with Retry-After once an address spends its budget on provider webhooks', async () => {
    for (let i = 0; i < 5; i++) expect((await webhook('/v1/webhooks/pientegra')).status).not.toBe(429);
    expectRateLimited(await webhook('/v1/webhooks/pientegra'));
    // One budget per address for every unauthenticated route: the Sipay token path is refused too.
    expectRateLimited(await webhook('/v1/webhooks/sipay/some-token'));
    // A client with a key is not counted against it.
    expect((await h.call('GET', '/v1/payouts', { key: h.keys.reader })).status).toBe(200);
  });

  it('refuses an address that keeps sending bad keys before its next key costs a database lookup', async () => {
    const store = h.api.app.get<ClientStore>(CLIENT_STORE);
    const lookups = jest.spyOn(store, 'findActiveByKeyHash');
    try {
      expect((await h.call('GET', '/v1/payouts', { key: 'guessed-1' })).status).toBe(401);
      expect((await h.call('GET', '/v1/payouts')).status).toBe(401); // no key at all counts too
      expect((await h.call('GET', '/v1/payouts', { key: 'guessed-2' })).status).toBe(401);
      expectRateLimited(await h.call('GET', '/v1/payouts', { key: 'guessed-3' }));
      expect(lookups).toHaveBeenCalledTimes(3);

      lookups.mockClear();
      for (let i = 0; i < 20; i++) expectRateLimited(await h.call('POST', '/v1/payouts', { key: `flood-${i}` }));
      // The block is per address and decided before the lookup, so a good key from there waits it out too.
      expectRateLimited(await h.call('GET', '/v1/payouts', { key: h.keys.reader }));
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
  });

  it('never spends the failure budget on requests with a valid key', async () => {
    for (let i = 0; i < 10; i++) expect((await h.call('GET', '/v1/payouts', { key: h.keys.reader })).status).toBe(200);
    expect((await h.call('GET', '/v1/payouts', { key: 'guessed' })).status).toBe(401);
  });

  it('throttles failed ops logins per address, before the key is looked up', async () => {
    const login = async (key: string) => {
      const response = await fetch(`${h.api.baseUrl}/ops/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key }).toString(),
        redirect: 'manual',
      });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
    };
    const store = h.api.app.get<ClientStore>(CLIENT_STORE);
    expect((await login('wrong-1')).status).toBe(401);
    expect((await login('wrong-2')).status).toBe(401);
    const spent = await login('wrong-3');
    expect(spent.status).toBe(429);
    expect(Number(spent.retryAfter)).toBeGreaterThan(60); // the 15-minute window, not the public minute
    expect(spent.text).toContain('failed sign-ins');

    const lookups = jest.spyOn(store, 'findActiveByKeyHash');
    try {
      const right = await login(h.keys.ops);
      expect(right.status).toBe(429);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
  });

  it('lets a correct ops login through while the address has failed attempts left', async () => {
    const response = await fetch(`${h.api.baseUrl}/ops/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: h.keys.ops }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/ops');
  });
});
