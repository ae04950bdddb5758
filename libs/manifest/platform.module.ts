import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigModule } from '@libs/platform/config';
import { DatabaseModule } from '@libs/platform/database';
import { HealthModule } from '@libs/platform/health';
import { LoggingModule } from '@libs/platform/logging';
import { MetricsModule } from '@libs/platform/metrics';
import { RedisModule } from '@libs/platform/redis';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export interface PlatformParams {
  role: 'api' | 'worker';
  logger: Logger;
}

/** What every service process has: config, logs, Postgres with this code's entities and migrations, Redis, health, metrics. */
@Module({})
export class PlatformModule {
  static forRoot(params: PlatformParams): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule,
        LoggingModule.forRoot(params.logger),
        RedisModule,
        DatabaseModule.forRoot({
          entities: ENTITIES,
          migrations: MIGRATIONS,
          applicationName: `payouts-${params.role}`,
        }),
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
