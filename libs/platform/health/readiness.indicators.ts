import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../redis';

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

@Injectable()
export class ReadinessIndicators {
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
      return check.down({ message: (error as Error).message });
    }
  }

  async redisPing() {
    const check = this.health.check('redis');
    try {
      // A Redis that is down queues commands offline; readiness must not wait for it to come back.
      await within(this.redis.ping(), 1_000);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  /** Not ready while the schema lags behind the code: a pending migration means queries may fail. */
  async migrations() {
    const check = this.health.check('migrations');
    try {
      const pending = await within(this.dataSource.showMigrations(), 2_000);
      return pending ? check.down({ message: 'migrations pending: run npm run migration:run' }) : check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
