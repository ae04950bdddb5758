import { ACTIVE_KEY_TTL_MS } from '@libs/clients';
import { revokeClient } from '../support/clients';
import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

describe('API keys, scopes, rate limits and the OpenAPI document', () => {
  let h: PayoutsApiHarness;

  beforeAll(async () => {
    h = await startPayoutsApi('payouts_auth', {
      writer: ['payouts:write', 'payouts:read'],
      reader: ['payouts:read'],
      writeOnly: ['payouts:write'],
      revoked: ['payouts:write', 'payouts:read'],
    });
  });
  afterAll(() => h?.close());

  const expectProblem = (
    answer: { status: number; headers: Headers; body: Record<string, unknown> },
    status: number,
    code: string,
  ) => {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      status,
      code,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  };

  it('answers 401 without a key, with a key of another scheme, and with an unknown key', async () => {
    const missing = await h.call('GET', '/v1/payouts');
    expectProblem(missing, 401, 'unauthorized');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const basic = await fetch(`${h.api.baseUrl}/v1/payouts`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    expectProblem(await h.call('GET', '/v1/payouts', { key: 'pk_not-a-key-we-issued' }), 401, 'unauthorized');
    expectProblem(
      await h.call('POST', '/v1/payouts', { key: 'pk_wrong', idempotencyKey: 'x', body: VALID_PAYOUT }),
      401,
      'unauthorized',
    );
  });

  it('answers 401 for a revoked key within a second of the revocation (another process, as clients:revoke)', async () => {
    expect((await h.call('GET', '/v1/payouts', { key: h.keys.revoked })).status).toBe(200);
    await revokeClient(h.databaseUrl, h.ids.revoked);
    const revokedAt = Date.now();
    // The api trusts a key it found active for ACTIVE_KEY_TTL_MS; past that every request asks Postgres again.
    await new Promise((resolve) => setTimeout(resolve, ACTIVE_KEY_TTL_MS - (Date.now() - revokedAt) + 20));
    expectProblem(await h.call('GET', '/v1/payouts', { key: h.keys.revoked }), 401, 'unauthorized');
  });

  it('answers 403 when the key lacks the scope the route needs', async () => {
    const created = await h.call('POST', '/v1/payouts', {
      key: h.keys.writer,
      idempotencyKey: 'auth-1',
      body: VALID_PAYOUT,
    });
    const id = created.body.id as string;
    expectProblem(
      await h.call('POST', '/v1/payouts', { key: h.keys.reader, idempotencyKey: 'auth-2', body: VALID_PAYOUT }),
      403,
      'forbidden',
    );
    expectProblem(await h.call('POST', `/v1/payouts/${id}/cancel`, { key: h.keys.reader }), 403, 'forbidden');
    expectProblem(await h.call('GET', '/v1/payouts', { key: h.keys.writeOnly }), 403, 'forbidden');
    expectProblem(await h.call('GET', `/v1/payouts/${id}`, { key: h.keys.writeOnly }), 403, 'forbidden');
    expectProblem(await h.call('GET', '/v1/events', { key: h.keys.writeOnly }), 403, 'forbidden');
  });

  it('hides another client’s payout behind 404, for reading and for canceling', async () => {
    const created = await h.call('POST', '/v1/payouts', {
      key: h.keys.writer,
      idempotencyKey: 'auth-3',
      body: VALID_PAYOUT,
    });
    const id = created.body.id as string;
    expectProblem(await h.call('GET', `/v1/payouts/${id}`, { key: h.keys.reader }), 404, 'not_found');
    expectProblem(await h.call('POST', `/v1/payouts/${id}/cancel`, { key: h.keys.writeOnly }), 404, 'not_found');
    expect((await h.call('GET', '/v1/payouts?limit=100', { key: h.keys.reader })).body.data).toEqual([]);
  });

  it('keeps health, metrics and docs public and answers unknown routes with a problem+json 404', async () => {
    for (const path of ['/health/live', '/metrics', '/docs', '/docs-json']) {
      expect((await fetch(`${h.api.baseUrl}${path}`)).status).toBe(200);
    }
    expectProblem(await h.call('GET', '/v1/nothing-here'), 404, 'not_found');
    expectProblem(await h.call('DELETE', '/v1/payouts', { key: h.keys.writer }), 404, 'not_found');
  });

  it('describes every payout route in the OpenAPI document, with the Idempotency-Key header, examples and problems', async () => {
    const document = (await (await fetch(`${h.api.baseUrl}/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string; required?: boolean }[];
            responses: Record<string, { content?: Record<string, unknown> }>;
          }
        >
      >;
      components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
    };
    const create = document.paths['/v1/payouts'].post;
    expect(create.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]),
    );
    expect(Object.keys(create.responses).sort()).toEqual(
      ['201', '400', '401', '403', '409', '413', '415', '422', '429', '500'].sort(),
    );
    expect(create.responses['422'].content).toHaveProperty('application/problem+json');
    // A currency or IBAN country no enabled provider pays is refused at creation as 422 validation_failed (api.md).
    const unprocessable = create.responses['422'] as { description?: string; content: Record<string, unknown> };
    expect(unprocessable.description).toContain('`validation_failed`');
    expect(JSON.stringify(unprocessable.content)).toContain('"code":"validation_failed"');
    expect(Object.keys(document.paths['/v1/payouts'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '429']),
    );
    expect(document.paths['/v1/payouts'].get.parameters?.map((p) => p.name).sort()).toEqual(
      ['createdFrom', 'createdTo', 'cursor', 'limit', 'provider', 'reference', 'status'].sort(),
    );
    expect(Object.keys(document.paths['/v1/payouts/{id}'].get.responses)).toEqual(
      expect.arrayContaining(['200', '404']),
    );
    expect(Object.keys(document.paths['/v1/payouts/{id}/cancel'].post.responses)).toEqual(
      expect.arrayContaining(['200', '404', '409']),
    );
    expect(document.paths['/v1/events'].get.parameters?.map((p) => p.name).sort()).toEqual(['after', 'limit']);
    expect(document.components.schemas.CreatePayoutDto.properties?.amount.example).toBe('250000');
    expect(document.components.schemas.PayoutDto.properties?.providerReference.example).toBe('2505267108142371608');
    expect(document.components.schemas).toHaveProperty('ProblemDto');
  });
});

describe('per-client rate limiting', () => {
  let h: PayoutsApiHarness;

  beforeAll(async () => {
    h = await startPayoutsApi(
      'payouts_rate',
      { first: ['payouts:read'], second: ['payouts:read'] },
      { API_RATE_LIMIT_PER_MINUTE: '3' },
    );
  });
  afterAll(async () => {
    await h?.close();
    process.env.API_RATE_LIMIT_PER_MINUTE = '6000';
  });

  it('answers 429 rate_limited with Retry-After past the budget, per client', async () => {
    for (let i = 0; i < 3; i++) expect((await h.call('GET', '/v1/payouts', { key: h.keys.first })).status).toBe(200);
    const limited = await h.call('GET', '/v1/payouts', { key: h.keys.first });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.call('GET', '/v1/payouts', { key: h.keys.second })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await fetch(`${h.api.baseUrl}/health/live`)).status).toBe(200);
  });
});
