import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ConfigService } from '@libs/platform/config';
import { QUEUE_NAMES } from '@libs/platform/queues';
import { ProviderRegistry, ProvidersModule } from '@libs/providers';
import { PostgresOpsMetricsSource, useOpsMetricsSource } from './metrics/ops-gauges';
import { stuckThresholdsMs } from './ops.config';
import { OpsMetricsQueries } from './persistence/ops-metrics.queries';

class OpsMetricsLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(PostgresOpsMetricsSource) private readonly source: PostgresOpsMetricsSource) {}

  onModuleInit(): void {
    useOpsMetricsSource(this.source);
  }

  onModuleDestroy(): void {
    useOpsMetricsSource(undefined);
  }
}

/**
 * The ops gauges on this process's /metrics: payouts by status, stuck payouts by age bucket, the oldest live age,
 * flagged payouts and queue depths, read from Postgres and BullMQ on scrape. Imported by api and worker alike, so
 * either can be scraped (needs QueuesModule).
 */
@Module({
  imports: [ProvidersModule],
  providers: [
    {
      provide: PostgresOpsMetricsSource,
      inject: [DataSource, ConfigService, ProviderRegistry, ...QUEUE_NAMES.map((name) => getQueueToken(name))],
      useFactory: (dataSource: DataSource, config: ConfigService, registry: ProviderRegistry, ...queues: Queue[]) =>
        new PostgresOpsMetricsSource(
          new OpsMetricsQueries(dataSource.manager),
          queues,
          stuckThresholdsMs(config),
          registry.names(),
        ),
    },
    OpsMetricsLifecycle,
  ],
})
export class OpsMetricsModule {}
