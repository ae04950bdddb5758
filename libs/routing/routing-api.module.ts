import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { FAIL_FAST_REDIS } from '@libs/platform/redis';
import type { Clock } from '@libs/platform/time';
import {
  ExplainPayoutRouting,
  LoadRoutingSnapshot,
  ManageProviders,
  ManageRoutingRules,
  type ProviderCatalog,
  type RoutingStore,
  type RoutingUnitOfWork,
} from './application';
import { ProviderHealthBoard } from './persistence';
import { PROVIDER_CATALOG, ROUTING_CLOCK, ROUTING_READS, ROUTING_UNIT_OF_WORK, RoutingModule } from './routing.module';
import { ProvidersController } from './http/providers.controller';
import { RoutingExplainController } from './http/routing-explain.controller';
import { RoutingRulesController } from './http/routing-rules.controller';

/**
 * Provider health as the api reads it: the workers' board, over the FAIL_FAST_REDIS client. While Redis is unreachable
 * GET /v1/providers shows `health.circuit: unknown` and an explanation `circuits: unknown`, within milliseconds.
 */
const REQUEST_PATH_HEALTH = Symbol('REQUEST_PATH_HEALTH');

/** The api's routing admin routes: /v1/routing/rules, /v1/routing/explain, /v1/providers (scope routing:admin). */
@Module({
  imports: [RoutingModule],
  controllers: [RoutingRulesController, RoutingExplainController, ProvidersController],
  providers: [
    {
      provide: REQUEST_PATH_HEALTH,
      inject: [FAIL_FAST_REDIS, PROVIDER_CATALOG],
      useFactory: (failFast: Redis, catalog: ProviderCatalog) =>
        new ProviderHealthBoard(failFast, () => catalog.list().map((provider) => provider.name)),
    },
    {
      provide: ManageRoutingRules,
      inject: [ROUTING_UNIT_OF_WORK, ROUTING_READS, PROVIDER_CATALOG, ROUTING_CLOCK],
      useFactory: (unitOfWork: RoutingUnitOfWork, reads: RoutingStore, catalog: ProviderCatalog, clock: Clock) =>
        new ManageRoutingRules(unitOfWork, reads.rules, catalog, clock),
    },
    {
      provide: ManageProviders,
      inject: [ROUTING_UNIT_OF_WORK, ROUTING_READS, PROVIDER_CATALOG, REQUEST_PATH_HEALTH, ROUTING_CLOCK],
      useFactory: (
        unitOfWork: RoutingUnitOfWork,
        reads: RoutingStore,
        catalog: ProviderCatalog,
        health: ProviderHealthBoard,
        clock: Clock,
      ) => new ManageProviders(unitOfWork, reads, catalog, health, clock),
    },
    {
      provide: ExplainPayoutRouting,
      inject: [ROUTING_READS, PROVIDER_CATALOG, REQUEST_PATH_HEALTH, ROUTING_CLOCK],
      useFactory: (reads: RoutingStore, catalog: ProviderCatalog, health: ProviderHealthBoard, clock: Clock) =>
        new ExplainPayoutRouting(
          new LoadRoutingSnapshot(reads, catalog, health, { circuitsMayBeUnknown: true }),
          clock,
        ),
    },
  ],
})
export class RoutingApiModule {}
