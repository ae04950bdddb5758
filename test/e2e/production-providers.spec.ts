import { createHmac, randomBytes } from 'node:crypto';
import { PIENTEGRA_SANDBOX_DEFAULTS } from '@libs/providers/pientegra/pientegra.sandbox-defaults';
import { SIPAY_SANDBOX_DEFAULTS } from '@libs/providers/sipay/sipay.sandbox-defaults';
import { Writable } from 'node:stream';
import { startApiInProcess, type InProcessApi } from '../support/api-in-process';
import { createClients } from '../support/clients';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { startApp } from '../support/processes';
import { VALID_PAYOUT } from '../support/payouts-api';

// api.md, Processes: in production the sandbox and its published test credentials are never used. The api is booted
// in this process with NODE_ENV=production and no provider variable at all, as the issue reproduced it.

/** Every variable a provider reads, cleared so only what a test gives counts. */
const clearProviderEnv = () => {
  for (const name of Object.keys(process.env)) if (/^(PIENTEGRA|SIPAY)_/.test(name)) delete process.env[name];
};

function capturedLogger() {
  const lines: { level: string; msg: string }[] = [];
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { destination, lines, text: () => text };
}

const productionEnv = (databaseUrl: string): Record<string, string> => ({
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14',
  REDIS_KEY_PREFIX: `prod${randomBytes(3).toString('hex')}:`,
  LOG_LEVEL: 'info',
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
});

describe('production without provider variables', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let api: InProcessApi;
  let log: ReturnType<typeof capturedLogger>;
  let keys: { admin: string; writer: string };

  beforeAll(async () => {
    database = await createFreshDatabase('production_providers');
    await migrate(database.url);
    const [admin, writer] = await createClients(database.url, [
      { name: 'admin', scopes: ['routing:admin'] },
      { name: 'writer', scopes: ['payouts:write', 'payouts:read'] },
    ]);
    keys = { admin: admin.key, writer: writer.key };
    clearProviderEnv();
    log = capturedLogger();
    api = await startApiInProcess(productionEnv(database.url), { level: 'info', destination: log.destination });
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const call = (method: string, path: string, options: { key?: string; body?: string; headers?: object } = {}) =>
    fetch(`${api.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body,
    });

  it('says at warn, once per provider, that each is disabled and why, naming variables only', () => {
    const providerLines = log.lines.filter((line) => line.msg.startsWith('provider '));
    expect(providerLines).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'provider pientegra: disabled: PIENTEGRA_API_BASE and PIENTEGRA_API_KEY and PIENTEGRA_WEBHOOK_SECRET not set',
      }),
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringMatching(
          /^provider sipay: disabled: SIPAY_API_BASE, SIPAY_TOKEN_URL, SIPAY_CLIENT_ID, .* not set$/,
        ),
      }),
    ]);
    expect(log.text()).not.toContain('(sandbox)');
    for (const secret of [
      PIENTEGRA_SANDBOX_DEFAULTS.apiKey,
      PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret,
      SIPAY_SANDBOX_DEFAULTS.clientSecret,
      SIPAY_SANDBOX_DEFAULTS.webhookToken,
    ]) {
      expect(log.text()).not.toContain(secret);
    }
  });

  it('lists both providers as not configured and off the sandbox on GET /v1/providers', async () => {
    const answer = await call('GET', '/v1/providers', { key: keys.admin });
    expect(answer.status).toBe(200);
    const providers = ((await answer.json()) as { data: { name: string; configured: unknown }[] }).data;
    expect(providers.map((p) => [p.name, p.configured])).toEqual([
      [
        'pientegra',
        { enabled: false, usesSandbox: false, disabledReason: expect.stringContaining('PIENTEGRA_API_BASE') },
      ],
      ['sipay', { enabled: false, usesSandbox: false, disabledReason: expect.stringContaining('SIPAY_API_BASE') }],
    ]);
  });

  it('refuses a Pientegra webhook signed with the published sandbox secret (401), storing nothing', async () => {
    const body = JSON.stringify({
      eventId: 'evt_prod_1',
      eventType: 'withdrawal.sent',
      occurredAt: new Date().toISOString(),
      withdrawal: {
        withdrawalId: 'wd_1',
        referenceNo: 'R1',
        externalUserId: 'u',
        amount: '100',
        currency: 'TRY',
        status: 'SENT',
      },
    });
    const t = Date.now();
    const v1 = createHmac('sha256', PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret).update(`${t}.${body}`).digest('hex');
    const answer = await call('POST', '/v1/webhooks/pientegra', {
      body,
      headers: { 'pientegra-signature': `t=${t},v1=${v1}`, 'pientegra-event-id': 'evt_prod_1' },
    });
    expect(answer.status).toBe(401);
    expect(await queryOnce(database.url, 'SELECT id FROM webhook_inbox')).toEqual([]);
  });

  it('answers 404 on the published sandbox Sipay token path, storing nothing', async () => {
    const answer = await call('POST', `/v1/webhooks/sipay/${SIPAY_SANDBOX_DEFAULTS.webhookToken}`, {
      body: JSON.stringify({ ext_transaction_id: 'x', after_process_status: 1, transaction_id: 5 }),
    });
    expect(answer.status).toBe(404);
    expect(await queryOnce(database.url, 'SELECT id FROM webhook_inbox')).toEqual([]);
  });

  it('refuses payouts at creation, since no enabled provider pays TRY', async () => {
    const answer = await call('POST', '/v1/payouts', {
      key: keys.writer,
      body: JSON.stringify(VALID_PAYOUT),
      headers: { 'idempotency-key': 'prod-1' },
    });
    expect(answer.status).toBe(422);
    const problem = (await answer.json()) as { code: string; errors: { field: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((error) => error.field)).toEqual(['currency', 'beneficiary.iban']);
  });
});

describe('production with a published sandbox secret set explicitly', () => {
  it('does not start: one config line per such variable, never its value, exit 1', async () => {
    const api = startApp('api', {
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PIENTEGRA_API_BASE: 'https://api.pientegra.example/api/v1',
      PIENTEGRA_API_KEY: 'sk_live_site_real-looking-key',
      PIENTEGRA_WEBHOOK_SECRET: `whsec_real_rotated,${PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret}`,
      SIPAY_WEBHOOK_TOKEN: SIPAY_SANDBOX_DEFAULTS.webhookToken,
    });
    const { code } = await api.exited;
    expect(code).toBe(1);
    expect(
      api
        .output()
        .split('\n')
        .filter((line) => line.startsWith('config: ')),
    ).toEqual([
      "config: PIENTEGRA_WEBHOOK_SECRET is the sandbox's published test value: never valid when NODE_ENV=production",
      "config: SIPAY_WEBHOOK_TOKEN is the sandbox's published test value: never valid when NODE_ENV=production",
      'config: 2 problem(s); not starting',
    ]);
    expect(api.output()).not.toContain(PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret);
    expect(api.output()).not.toContain(SIPAY_SANDBOX_DEFAULTS.webhookToken);
  });
});
