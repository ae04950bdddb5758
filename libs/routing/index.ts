export type { ProviderState, RoutingRuleDraft } from './domain';
export { LoadRoutingSnapshot, ManageRoutingRules } from './application';
export type {
  CircuitState,
  CircuitView,
  ProcessCircuit,
  ProviderCatalog,
  ProviderDescription,
  RoutingSnapshot,
  RoutingStore,
  StoredRoutingRule,
} from './application';
export {
  DailyUsageQuery,
  ProviderDailyUsageEntity,
  ProviderBalanceEntity,
  ProviderBalanceRepository,
  ProviderHealthBoard,
  ProviderSettingsEntity,
  RoutingRuleEntity,
  TypeOrmRoutingStore,
  TypeOrmRoutingUnitOfWork,
} from './persistence';
export { PROVIDER_CATALOG, ROUTING_READS, RoutingModule } from './routing.module';
export { RoutingApiModule } from './routing-api.module';
