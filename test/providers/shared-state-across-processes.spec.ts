import { ConfigService } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { ProviderRegistry, ProvidersModule, SubmitRequest } from '@libs/providers';
import { SandboxControl, WebhookCapture } from '../support/conformance';
import { createSandbox, Sandbox } from '@libs/sandbox';
import { Global, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '../support/redis-url';

// Two "processes" (two Nest contexts, each with its own Redis connection) built by the real ProvidersModule, against
// the real sandbox. Needs the Redis of `npm test` (REDIS_URL, db 14); credentials are unique per run, so keys never collide.
const run = randomUUID().slice(0, 8);
const credentials = {
  pientegraApiKey: `sk_test_shared_${run}`,
  pientegraWebhookSecrets: [`whsec_shared_${run}`],
  sipayClientId: `shared-client-${run}`,
  sipayClientSecret: `shared-secret-${run}`,
  sipayWebhookToken: `shared-token-${run}`,
};
const TOKEN_TTL_MS = 3_000;
const PIENTEGRA_BUDGET = 5;

let sandbox: Sandbox;
let capture: WebhookCapture;
let control: SandboxControl;
let processes: { registry: ProviderRegistry; moduleRef: TestingModule; redis: Redis }[];
let keysBefore: Set<string>;

async function startProcess(env: Record<string, string>) {
  const redis = new Redis(testRedisUrl(14));
  @Global()
  @Module({
    providers: [
      { provide: ConfigService, useValue: new ConfigService(env) },
      { provide: REDIS, useValue: redis },
    ],
    exports: [ConfigService, REDIS],
  })
  class ProcessPlatformModule {}
  const moduleRef = await Test.createTestingModule({ imports: [ProcessPlatformModule, ProvidersModule] }).compile();
  return { registry: moduleRef.get(ProviderRegistry), moduleRef, redis };
}

beforeAll(async () => {
  capture = new WebhookCapture();
  const webhookTarget = await capture.start();
  sandbox = createSandbox({
    port: 0,
    webhookTarget,
    webhookDelayMs: 30,
    timeoutHoldMs: 1_000,
    tokenTtlMs: TOKEN_TTL_MS,
    ...credentials,
  });
  const { url } = await sandbox.listen();
  control = new SandboxControl(url);
  const env = {
    NODE_ENV: 'test',
    PIENTEGRA_API_BASE: `${url}/pientegra/api/v1`,
    PIENTEGRA_API_KEY: credentials.pientegraApiKey,
    PIENTEGRA_WEBHOOK_SECRET: credentials.pientegraWebhookSecrets[0],
    PIENTEGRA_REQUESTS_PER_MINUTE: String(PIENTEGRA_BUDGET),
    SIPAY_API_BASE: `${url}/sipay`,
    SIPAY_TOKEN_URL: `${url}/sipay/connect/token`,
    SIPAY_CLIENT_ID: credentials.sipayClientId,
    SIPAY_CLIENT_SECRET: credentials.sipayClientSecret,
    SIPAY_SENDER_ACCOUNT_NUMBER: '123456789',
    SIPAY_SENDER_WALLET_NUMBER: '123456789',
    SIPAY_WEBHOOK_TOKEN: credentials.sipayWebhookToken,
    PROVIDER_TIMEOUT: '2s',
  };
  processes = [await startProcess(env), await startProcess(env)];
  keysBefore = new Set(await processes[0].redis.keys('providers:*'));
});

afterAll(async () => {
  const ours = (await processes[0].redis.keys('providers:*')).filter((key) => !keysBefore.has(key));
  if (ours.length > 0) await processes[0].redis.del(...ours);
  for (const { moduleRef, redis } of processes) {
    await moduleRef.close();
    await redis.quit();
  }
  await sandbox.close();
  await capture.stop();
});

const attempt = (amount = 250_000n): SubmitRequest => ({
  payoutId: randomUUID(),
  attemptId: randomUUID(),
  reference: randomUUID(),
  amount,
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
  submittedAt: new Date(),
});

const tokenRequests = async (since: Date) =>
  (await control.requests('sipay', since)).filter((r) => /connect\/token/.test(r.path)).length;

it('registers both providers as configured, not on the sandbox defaults', () => {
  expect(processes[0].registry.startupLines()).toEqual(['pientegra: enabled', 'sipay: enabled']);
});

it('fetches one Sipay token for concurrent callers in two processes, and the next one at ~80 % of its life', async () => {
  const since = new Date();
  const outcomes = await Promise.all(
    processes.flatMap(({ registry }) => Array.from({ length: 4 }, () => registry.get('sipay').submit(attempt()))),
  );
  expect(outcomes.map((o) => o.kind)).toEqual(Array(8).fill('accepted'));
  expect(await tokenRequests(since)).toBe(1);

  await new Promise((resolve) => setTimeout(resolve, TOKEN_TTL_MS * 0.85));
  const later = await Promise.all(processes.map(({ registry }) => registry.get('sipay').submit(attempt())));
  expect(later.map((o) => o.kind)).toEqual(['accepted', 'accepted']);
  expect(await tokenRequests(since)).toBe(2);
});

it('shares the Pientegra budget of one API key between processes and reports the rest as rate_limited', async () => {
  const since = new Date();
  const outcomes = await Promise.all(
    processes.flatMap(({ registry }) => Array.from({ length: 4 }, () => registry.get('pientegra').submit(attempt()))),
  );
  const kinds = outcomes.map((o) => (o.kind === 'ambiguous' ? `${o.kind}:${o.reason}:${o.raw.requestCount}` : o.kind));
  expect(kinds.filter((k) => k === 'accepted')).toHaveLength(PIENTEGRA_BUDGET);
  expect(kinds.filter((k) => k === 'ambiguous:rate_limited:0')).toHaveLength(8 - PIENTEGRA_BUDGET);
  const creates = (await control.requests('pientegra', since)).filter((r) => r.method === 'POST');
  expect(creates).toHaveLength(PIENTEGRA_BUDGET);
});
