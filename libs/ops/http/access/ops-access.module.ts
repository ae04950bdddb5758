import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ClientRepository } from '@libs/clients';
import { FAIL_FAST_REDIS } from '@libs/platform/redis';
import { OpsAccess } from './ops-access';
import { OpsSessionStore } from './ops-session.store';

/** Who may use /ops and /ops/queues: API keys and login sessions (Redis, on the request-path client). */
@Module({
  providers: [
    {
      provide: OpsAccess,
      inject: [DataSource, FAIL_FAST_REDIS],
      useFactory: (dataSource: DataSource, redis: Redis) =>
        new OpsAccess(new ClientRepository(dataSource.manager), new OpsSessionStore(redis)),
    },
  ],
  exports: [OpsAccess],
})
export class OpsAccessModule {}
