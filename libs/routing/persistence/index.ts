export { RoutingRuleEntity } from './routing-rule.entity';
export { ProviderSettingsEntity } from './provider-settings.entity';
export { ProviderDailyUsageEntity } from './provider-daily-usage.entity';
export { DailyUsageQuery } from './daily-usage.query';
export { TypeOrmRoutingStore, TypeOrmRoutingUnitOfWork } from './typeorm-routing-store';
export { ProviderHealthBoard } from './provider-health.board';
export { providerRegistryCatalog } from './provider-registry.catalog';
export { ProviderBalanceEntity } from './provider-balance.entity';
export { ProviderBalanceRepository } from './provider-balance.repository';
