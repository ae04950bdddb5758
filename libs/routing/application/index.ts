export type {
  DailyUsageReader,
  ProviderSettings,
  ProviderSettingsChange,
  ProviderSettingsRows,
  RoutingRuleRows,
  RoutingStore,
  RoutingTables,
  RoutingTablesReader,
  RoutingUnitOfWork,
  StoredRoutingRule,
} from './routing-store.port';
export { CIRCUIT_STATES, unknownHealth } from './provider-catalog.port';
export type {
  CircuitState,
  CircuitView,
  ProcessCircuit,
  ProviderCatalog,
  ProviderDescription,
  ProviderHealth,
  ProviderHealthReader,
} from './provider-catalog.port';
export { RoutingError } from './routing-error';
export { LoadRoutingSnapshot } from './routing-snapshot';
export type { RoutingSnapshot } from './routing-snapshot';
export { ManageRoutingRules } from './manage-routing-rules';
export { ManageProviders } from './manage-providers';
export type { ProviderSettingsPatch } from './manage-providers';
export { ExplainPayoutRouting } from './explain-payout-routing';
export { catalogAcceptance } from './catalog-acceptance';
export type { BalanceSource, ProviderBalanceRows, StoredProviderBalance } from './provider-balances.port';
