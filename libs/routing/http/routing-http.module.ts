import { Module } from '@nestjs/common';
import {
  ExplainPayoutRouting,
  LoadRoutingSnapshot,
  ManageProviders,
  ManageRoutingRules,
  type ProviderCatalog,
  type RoutingClock,
  type RoutingStore,
  type RoutingUnitOfWork,
} from '../application';
import { ProviderHealthBoard } from '../persistence';
import { PROVIDER_CATALOG, ROUTING_CLOCK, ROUTING_READS, ROUTING_UNIT_OF_WORK, RoutingModule } from '../routing.module';
import { ProvidersController } from './providers.controller';
import { RoutingExplainController } from './routing-explain.controller';
import { RoutingRulesController } from './routing-rules.controller';

/** The api's routing admin routes: /v1/routing/rules, /v1/routing/explain, /v1/providers (scope routing:admin). */
@Module({
  imports: [RoutingModule],
  controllers: [RoutingRulesController, RoutingExplainController, ProvidersController],
  providers: [
    {
      provide: ManageRoutingRules,
      inject: [ROUTING_UNIT_OF_WORK, ROUTING_READS, PROVIDER_CATALOG, ROUTING_CLOCK],
      useFactory: (unitOfWork: RoutingUnitOfWork, reads: RoutingStore, catalog: ProviderCatalog, clock: RoutingClock) =>
        new ManageRoutingRules(unitOfWork, reads.rules, catalog, clock),
    },
    {
      provide: ManageProviders,
      inject: [ROUTING_UNIT_OF_WORK, ROUTING_READS, PROVIDER_CATALOG, ProviderHealthBoard, ROUTING_CLOCK],
      useFactory: (
        unitOfWork: RoutingUnitOfWork,
        reads: RoutingStore,
        catalog: ProviderCatalog,
        health: ProviderHealthBoard,
        clock: RoutingClock,
      ) => new ManageProviders(unitOfWork, reads, catalog, health, clock),
    },
    {
      provide: ExplainPayoutRouting,
      inject: [ROUTING_READS, PROVIDER_CATALOG, ProviderHealthBoard, ROUTING_CLOCK],
      useFactory: (reads: RoutingStore, catalog: ProviderCatalog, health: ProviderHealthBoard, clock: RoutingClock) =>
        new ExplainPayoutRouting(new LoadRoutingSnapshot(reads, catalog, health), clock),
    },
  ],
})
export class RoutingHttpModule {}
