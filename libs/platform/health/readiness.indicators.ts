import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '@libs/platform/redis';

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

/**
 * What /health/ready says about a failing dependency: a fixed sentence per dependency. The driver's own error text
 * (host names, ports, user names, SQL) goes to the log only, since the endpoint is unauthenticated.
 */
export const READINESS_FAILURES = {
  database: 'database unreachable or not answering',
  redis: 'redis unreachable or not answering',
  migrations: 'could not read the applied migrations',
  migrationsPending: 'migrations pending: run npm run migration:run',
} as const;

@Injectable()
export class ReadinessIndicators {
  private readonly logger = new Logger('Readiness');

  constructor(
    private readonly health: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async database() {
    const check = this.health.check('database');
    try {
      await within(this.dataSource.query('select 1'), 2_000);
      return check.up();
    } catch (error) {
      this.logger.warn({ err: error }, 'readiness: database check failed');
      return check.down({ message: READINESS_FAILURES.database });
    }
  }

  async redisPing() {
    const check = this.health.check('redis');
    try {
      // A Redis that is down queues commands offline; readiness must not wait for it to come back.
      await within(this.redis.ping(), 1_000);
      return check.up();
    } catch (error) {
      this.logger.warn({ err: error }, 'readiness: redis check failed');
      return check.down({ message: READINESS_FAILURES.redis });
    }
  }

  /** Not ready while the schema lags behind the code: a pending migration means queries may fail. */
  async migrations() {
    const check = this.health.check('migrations');
    try {
      const pending = await within(this.dataSource.showMigrations(), 2_000);
      return pending ? check.down({ message: READINESS_FAILURES.migrationsPending }) : check.up();
    } catch (error) {
      this.logger.warn({ err: error }, 'readiness: migrations check failed');
      return check.down({ message: READINESS_FAILURES.migrations });
    }
  }
}
