import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPayoutsApi, type PayoutsApiHarness } from '../support/payouts-api';

// TRUST_PROXY decides whose X-Forwarded-For / X-Forwarded-Proto the api believes. The test process reaches the api
// from 127.0.0.1, so it plays the load balancer when trusted and a spoofing client when not.
const SIPAY_TOKEN = 'sandbox-sipay-webhook-token';
const SIPAY_WEBHOOK = readFileSync(
  join(__dirname, '../../libs/providers/sipay/fixtures/webhook-bank-transfer-success.json'),
);

async function start(trustProxy: string): Promise<PayoutsApiHarness> {
  return startPayoutsApi(
    'trust_proxy',
    { oncall: ['ops:read'] },
    {
      TRUST_PROXY: trustProxy,
      SIPAY_WEBHOOK_ALLOWED_IPS: '198.51.100.0/24, 192.0.2.10, 2001:db8:5::/48',
      REDIS_KEY_PREFIX: `tp${randomBytes(3).toString('hex')}:`,
    },
  );
}

const sipayWebhookFrom = (h: PayoutsApiHarness, forwardedFor: string) =>
  fetch(`${h.api.baseUrl}/v1/webhooks/sipay/${SIPAY_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: SIPAY_WEBHOOK,
  });

const loginCookie = async (h: PayoutsApiHarness, forwardedProto?: string) => {
  const response = await fetch(`${h.api.baseUrl}/ops/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(forwardedProto ? { 'x-forwarded-proto': forwardedProto } : {}),
    },
    body: new URLSearchParams({ key: h.keys.oncall }).toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return response.headers.get('set-cookie') ?? '';
};

describe('TRUST_PROXY=1: one load balancer in front', () => {
  let h: PayoutsApiHarness;
  beforeAll(async () => {
    h = await start('1');
  });
  afterAll(() => h?.close());

  it('checks the Sipay allowlist against the client address the balancer forwards, CIDR ranges included', async () => {
    expect((await sipayWebhookFrom(h, '198.51.100.9')).status).toBe(200);
    expect((await sipayWebhookFrom(h, '2001:db8:5:1::7')).status).toBe(200);
    expect((await sipayWebhookFrom(h, '203.0.113.5')).status).toBe(404);
  });

  it('believes only the last hop: a client-written X-Forwarded-For in front of the balancer’s entry is ignored', async () => {
    // The balancer appends the address it saw; what the client wrote before it proves nothing.
    expect((await sipayWebhookFrom(h, '198.51.100.9, 203.0.113.5')).status).toBe(404);
  });

  it('marks the ops session cookie Secure when the balancer says the request came over https', async () => {
    expect(await loginCookie(h, 'https')).toMatch(/;\s*Secure/);
    expect(await loginCookie(h)).not.toMatch(/Secure/);
  });
});

describe('TRUST_PROXY naming a proxy range the caller is not in', () => {
  let h: PayoutsApiHarness;
  beforeAll(async () => {
    h = await start('10.0.0.0/8');
  });
  afterAll(() => h?.close());

  it('ignores a spoofed X-Forwarded-For: the allowlist sees the real peer (127.0.0.1) and refuses it', async () => {
    expect((await sipayWebhookFrom(h, '192.0.2.10')).status).toBe(404);
    expect((await sipayWebhookFrom(h, '198.51.100.9')).status).toBe(404);
  });

  it('ignores a spoofed X-Forwarded-Proto: the cookie of a plain-http login is not Secure', async () => {
    expect(await loginCookie(h, 'https')).not.toMatch(/Secure/);
  });
});
