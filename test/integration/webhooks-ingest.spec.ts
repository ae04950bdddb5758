import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVELOPMENT_ONLY_PII_KEY, PiiCipher } from '@libs/payouts';
import { pientegraSignature } from '@libs/providers/pientegra/pientegra.signature';
import { startApiInProcess, type InProcessApi } from '../support/api-in-process';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { testRedisUrl } from '../support/redis-url';

// POST /v1/webhooks/*: authenticity, dedupe, size and JSON checks, and what reaches the database, on the real api.
const SECRET = 'whsec_test_5f1d2c';
const SIPAY_TOKEN = 'sandbox-sipay-webhook-token';
const fixture = (provider: string, file: string): Buffer =>
  readFileSync(join(__dirname, '../../libs/providers', provider, 'fixtures', file));
const PIENTEGRA_BODY = fixture('pientegra', 'webhook-withdrawal-sent.body.json');
const PIENTEGRA_VECTOR = JSON.parse(fixture('pientegra', 'webhook-withdrawal-sent.vector.json').toString('utf8')) as {
  headers: Record<string, string>;
};
const SIPAY_BODY = fixture('sipay', 'webhook-bank-transfer-success.json');
/** The api runs without PII_ENCRYPTION_KEY in test: bodies are sealed with the development key. */
const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
const opened = (row: InboxRow): Buffer => cipher.openBytes(row.raw_body_sealed, 'provider.webhook');

const signed = (body: Buffer | string, at = Date.now(), secret = SECRET): Record<string, string> => ({
  'pientegra-signature': `t=${at},v1=${pientegraSignature(secret, String(at), Buffer.from(body))}`,
});

interface InboxRow extends Record<string, unknown> {
  id: string;
  provider: string;
  dedupe_key: string;
  status: string;
  raw_body: Buffer | null;
  raw_body_sealed: string;
  headers: Record<string, string>;
  reference: string | null;
  provider_id: string | null;
  signal_status: string | null;
  next_attempt_at: Date | null;
}

describe('webhook ingestion (api in process, real Postgres)', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let api: InProcessApi;

  const post = async (path: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  };
  const inbox = () => queryOnce<InboxRow>(database.url, 'SELECT * FROM webhook_inbox ORDER BY id');
  const jobs = () =>
    queryOnce<{ queue: string; job_name: string; payload: { inboxId: string } }>(
      database.url,
      `SELECT queue, job_name, payload FROM outbox WHERE queue = 'webhook-inbox' ORDER BY id`,
    );

  beforeAll(async () => {
    database = await createFreshDatabase('webhooks_ingest');
    await migrate(database.url);
    api = await startApiInProcess({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
      WEBHOOK_MAX_BODY_BYTES: '4096',
    });
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('stores a signed Pientegra webhook byte for byte with its headers, due at once, without an outbox job, and answers 200', async () => {
    const answer = await post('/v1/webhooks/pientegra', PIENTEGRA_BODY, {
      ...signed(PIENTEGRA_BODY),
      'pientegra-event-id': '019dd459-43c1-711c-9e38-76a3182f4185',
    });
    expect(answer).toMatchObject({ status: 200, text: '{"received":true}' });
    const [row] = await inbox();
    expect(row).toMatchObject({
      provider: 'pientegra',
      dedupe_key: '019dd459-43c1-711c-9e38-76a3182f4185',
      status: 'received',
      provider_id: '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00',
      signal_status: 'succeeded',
    });
    // Sealed (no body in clear), and it opens to the exact bytes that were signed.
    expect(row.raw_body).toBeNull();
    expect(Buffer.compare(opened(row), PIENTEGRA_BODY)).toBe(0);
    expect(row.headers['pientegra-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // Workers claim it from the inbox itself (docs/decisions/0007): no outbox row, no NOTIFY.
    expect(row.next_attempt_at).not.toBeNull();
    expect(await jobs()).toEqual([]);
  });

  it('answers a duplicate delivery 200 and changes nothing', async () => {
    const answer = await post('/v1/webhooks/pientegra', PIENTEGRA_BODY, signed(PIENTEGRA_BODY));
    expect(answer.status).toBe(200);
    expect(await inbox()).toHaveLength(1);
    expect(await jobs()).toHaveLength(0);
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/payout_webhook_dedupes_total\{provider="pientegra"\} 1/);
  });

  it('refuses a forged, a missing and a stale signature with 401 and stores nothing', async () => {
    const forged = Buffer.from(PIENTEGRA_BODY.toString('utf8').replace('"SENT"', '"RETURNED"'));
    const other = JSON.stringify({ eventId: 'evt-forged', eventType: 'withdrawal.sent', withdrawal: {} });
    const answers = [
      await post('/v1/webhooks/pientegra', forged, signed(PIENTEGRA_BODY)),
      await post('/v1/webhooks/pientegra', other, signed(other, Date.now(), 'whsec_someone_else')),
      await post('/v1/webhooks/pientegra', other),
      // Pientegra's own test vector: genuine, but signed months ago.
      await post('/v1/webhooks/pientegra', PIENTEGRA_BODY, {
        'pientegra-signature': PIENTEGRA_VECTOR.headers['Pientegra-Signature'],
      }),
      await post('/v1/webhooks/pientegra', other, signed(other, Date.now() - 6 * 60_000)),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.type).toContain('application/problem+json');
    }
    expect(await inbox()).toHaveLength(1);
  });

  it('stores a Sipay webhook at its token with the 64-bit ids exactly as written', async () => {
    const answer = await post(`/v1/webhooks/sipay/${SIPAY_TOKEN}`, SIPAY_BODY);
    expect(answer.status).toBe(200);
    const row = (await inbox()).find((r) => r.provider === 'sipay');
    expect(row).toMatchObject({
      dedupe_key: '54171323223317131311333332552:1',
      reference: '54171323223317131311333332552',
      provider_id: '2505267108142371608',
      signal_status: 'succeeded',
    });
    expect(row!.raw_body).toBeNull();
    expect(Buffer.compare(opened(row!), SIPAY_BODY)).toBe(0);
    // The sealed bytes still hold every digit (JSON.parse would have made ...608 into ...600).
    const text = opened(row!).toString('utf8');
    expect(text).toContain('"request_withdraw_id": 2505267108142371608');
    expect(text).toContain('"transaction_id": 2505266701488343592');
    expect((await post(`/v1/webhooks/sipay/${SIPAY_TOKEN}`, SIPAY_BODY)).status).toBe(200);
    expect((await inbox()).filter((r) => r.provider === 'sipay')).toHaveLength(1);
  });

  it('answers 404 for a wrong or missing Sipay token and an unknown provider, storing nothing', async () => {
    const other = SIPAY_BODY.toString('utf8').replace('"after_process_status": 1', '"after_process_status": 2');
    expect((await post('/v1/webhooks/sipay/wrong-token', other)).status).toBe(404);
    expect((await post(`/v1/webhooks/sipay/${SIPAY_TOKEN}x`, other)).status).toBe(404);
    expect((await post('/v1/webhooks/sipay', other)).status).toBe(404);
    expect((await post('/v1/webhooks/acmepay', other)).status).toBe(404);
    expect(await inbox()).toHaveLength(2);
  });

  it('answers 400 to a body that is not JSON, whatever its content type, and stores nothing', async () => {
    const text = 'eventId=1&eventType=withdrawal.sent';
    const answers = [
      await post('/v1/webhooks/pientegra', text, signed(text)),
      await post('/v1/webhooks/pientegra', text, { ...signed(text), 'content-type': 'text/plain' }),
      await post(`/v1/webhooks/sipay/${SIPAY_TOKEN}`, '{"ext_transaction_id": "1",', { 'content-type': 'text/plain' }),
      await post(`/v1/webhooks/sipay/${SIPAY_TOKEN}`, '{"ext_transaction_id": "1",'),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(await inbox()).toHaveLength(2);
  });

  it('answers 413 to an oversize body (JSON or not) and stores nothing', async () => {
    const big = JSON.stringify({ eventId: 'evt-big', eventType: 'withdrawal.sent', padding: 'x'.repeat(5_000) });
    const answers = [
      await post('/v1/webhooks/pientegra', big, signed(big)),
      await post('/v1/webhooks/pientegra', big, { ...signed(big), 'content-type': 'application/octet-stream' }),
      await post(`/v1/webhooks/sipay/${SIPAY_TOKEN}`, 'y'.repeat(300_000)),
    ];
    expect(answers.map((a) => a.status)).toEqual([413, 413, 413]);
    expect(await inbox()).toHaveLength(2);
  });

  it('stores an authentic event that is not about a payout as ignored, never due', async () => {
    const body = JSON.stringify({ eventId: 'evt-intent-1', eventType: 'intent.created', occurredAt: new Date() });
    expect((await post('/v1/webhooks/pientegra', body, signed(body))).status).toBe(200);
    const row = (await inbox()).find((r) => r.dedupe_key === 'evt-intent-1');
    expect(row?.status).toBe('ignored');
    expect(row?.next_attempt_at).toBeNull();
    expect(await jobs()).toHaveLength(0);
  });

  it('accepts a JSON body labelled text/plain', async () => {
    const body = SIPAY_BODY.toString('utf8').replace('"after_process_status": 1', '"after_process_status": 5');
    expect((await post(`/v1/webhooks/sipay/${SIPAY_TOKEN}`, body, { 'content-type': 'text/plain' })).status).toBe(200);
    const row = (await inbox()).find((r) => r.dedupe_key === '54171323223317131311333332552:5');
    expect(row?.signal_status).toBe('returned');
  });
});

describe('webhook ingestion with SIPAY_WEBHOOK_ALLOWED_IPS', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let api: InProcessApi;

  beforeAll(async () => {
    database = await createFreshDatabase('webhooks_ingest_ips');
    await migrate(database.url);
    api = await startApiInProcess({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
      SIPAY_WEBHOOK_ALLOWED_IPS: '10.9.9.9',
    });
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
    delete process.env.SIPAY_WEBHOOK_ALLOWED_IPS;
  });

  it('answers 404 to the right token from an address that is not allowed, and stores nothing', async () => {
    const response = await fetch(`${api.baseUrl}/v1/webhooks/sipay/${SIPAY_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SIPAY_BODY,
    });
    expect(response.status).toBe(404);
    expect(await queryOnce(database.url, 'SELECT id FROM webhook_inbox')).toEqual([]);
  });
});
