import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ProviderRegistry, ProvidersModule } from '@libs/providers';
import { REDIS } from '@libs/platform/redis';
import { KNOWN_PROVIDERS, PAYOUT_ACCEPTANCE } from '@libs/payouts';
import { PROCESS_CLOCK } from '@libs/platform/time';
import { catalogAcceptance, type ProviderCatalog } from './application';
import {
  ProviderHealthBoard,
  providerRegistryCatalog,
  TypeOrmRoutingStore,
  TypeOrmRoutingUnitOfWork,
} from './persistence';

export const PROVIDER_CATALOG = Symbol('PROVIDER_CATALOG');
/** The routing tables read outside any transaction: every decision reads them fresh. */
export const ROUTING_READS = Symbol('ROUTING_READS');
export const ROUTING_UNIT_OF_WORK = Symbol('ROUTING_UNIT_OF_WORK');
export const ROUTING_CLOCK = Symbol('ROUTING_CLOCK');

/**
 * Routing's data: rules and provider settings in Postgres, the provider catalog from the registry, provider health in
 * Redis. The api builds its admin use cases on it (RoutingApiModule); the worker's dispatch builds its decisions on it.
 */
@Module({
  imports: [ProvidersModule],
  providers: [
    {
      provide: PROVIDER_CATALOG,
      inject: [ProviderRegistry],
      useFactory: (registry: ProviderRegistry) => providerRegistryCatalog(registry),
    },
    {
      provide: ROUTING_READS,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new TypeOrmRoutingStore(dataSource.manager),
    },
    {
      provide: ROUTING_UNIT_OF_WORK,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new TypeOrmRoutingUnitOfWork(dataSource),
    },
    { provide: ROUTING_CLOCK, useExisting: PROCESS_CLOCK },
    {
      provide: PAYOUT_ACCEPTANCE,
      inject: [PROVIDER_CATALOG],
      useFactory: (catalog: ProviderCatalog) => catalogAcceptance(catalog),
    },
    // The one list of provider names: every registered provider, enabled or not.
    {
      provide: KNOWN_PROVIDERS,
      inject: [ProviderRegistry],
      useFactory: (registry: ProviderRegistry) => registry.names(),
    },
    {
      provide: ProviderHealthBoard,
      inject: [REDIS, PROVIDER_CATALOG],
      useFactory: (redis: Redis, catalog: ProviderCatalog) =>
        new ProviderHealthBoard(redis, () => catalog.list().map((provider) => provider.name)),
    },
  ],
  exports: [
    PROVIDER_CATALOG,
    PAYOUT_ACCEPTANCE,
    KNOWN_PROVIDERS,
    ROUTING_READS,
    ROUTING_UNIT_OF_WORK,
    ROUTING_CLOCK,
    ProviderHealthBoard,
    ProvidersModule,
  ],
})
export class RoutingModule {}
