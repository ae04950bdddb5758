import { createServer } from 'node:net';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { rateLimitDegradedGauge } from '../clients.metrics';
import { FailedAttemptBudget } from './failed-attempt-budget';
import { RequestBudgetStorage } from './request-budget.storage';

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('RequestBudgetStorage without a reachable Redis', () => {
  let redis: Redis;
  let storage: RequestBudgetStorage;
  let registry: Registry;

  beforeEach(async () => {
    redis = new Redis({
      host: '127.0.0.1',
      port: await closedPort(),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 60_000,
    });
    redis.on('error', () => undefined);
    registry = new Registry();
    storage = new RequestBudgetStorage(redis, rateLimitDegradedGauge(registry));
  });

  afterEach(() => {
    storage.close();
    redis.disconnect();
  });

  it('counts in this process, at once, and says so on the gauge', async () => {
    const startedAt = Date.now();
    const records = [];
    for (let i = 0; i < 3; i++) records.push(await storage.increment('k', 60_000, 2, 60_000, 'public'));
    expect(Date.now() - startedAt).toBeLessThan(200);
    expect(records.map((record) => [record.totalHits, record.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(storage.isDegraded).toBe(true);
    expect(await registry.metrics()).toMatch(/^payout_rate_limit_degraded 1$/m);
  });

  it('keeps a failed-attempt budget per address and reads its block without spending it', async () => {
    const budget = new FailedAttemptBudget(storage, 'auth_failure', 2, 60_000);
    expect(await budget.recordFailure('203.0.113.5')).toBe(0);
    expect(await budget.retryAfterSeconds('203.0.113.5')).toBe(0);
    expect(await budget.recordFailure('203.0.113.5')).toBe(0);
    const waitSeconds = await budget.recordFailure('203.0.113.5');
    expect(waitSeconds).toBeGreaterThan(55);
    expect(await budget.retryAfterSeconds('203.0.113.5')).toBe(waitSeconds);
    expect(await budget.retryAfterSeconds('203.0.113.6')).toBe(0);
  });
});
