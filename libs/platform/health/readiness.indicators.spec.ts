import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { READINESS_FAILURES, ReadinessIndicators } from './readiness.indicators';

// What a driver says can name hosts, ports, users and databases; /health/ready is unauthenticated.
const DRIVER_TEXT = 'password authentication failed for user "payouts" at 10.20.30.40:5432 (database payouts_prod)';

const failing = () => Promise.reject(new Error(DRIVER_TEXT));

describe('ReadinessIndicators', () => {
  const indicators = (dataSource: Partial<DataSource>, redis: Partial<Redis>) =>
    new ReadinessIndicators(new HealthIndicatorService(), dataSource as DataSource, redis as Redis);

  it('names each failing dependency with a fixed message, never the driver error text', async () => {
    const down = indicators({ query: failing, showMigrations: failing }, { ping: failing });
    const results = [await down.database(), await down.redisPing(), await down.migrations()];
    expect(results).toEqual([
      { database: { status: 'down', message: READINESS_FAILURES.database } },
      { redis: { status: 'down', message: READINESS_FAILURES.redis } },
      { migrations: { status: 'down', message: READINESS_FAILURES.migrations } },
    ]);
    expect(JSON.stringify(results)).not.toContain('10.20.30.40');
  });

  it('says migrations are pending, and up when everything answers', async () => {
    const pending = indicators({ showMigrations: () => Promise.resolve(true) }, {});
    expect(await pending.migrations()).toEqual({
      migrations: { status: 'down', message: 'migrations pending: run npm run migration:run' },
    });
    const up = indicators(
      { query: (() => Promise.resolve([])) as DataSource['query'], showMigrations: () => Promise.resolve(false) },
      { ping: (() => Promise.resolve('PONG')) as Redis['ping'] },
    );
    expect([await up.database(), await up.redisPing(), await up.migrations()]).toEqual([
      { database: { status: 'up' } },
      { redis: { status: 'up' } },
      { migrations: { status: 'up' } },
    ]);
  });
});
