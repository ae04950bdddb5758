export * from './routing-rule.entity';
export * from './provider-settings.entity';
export * from './routing-rule.repository';
export * from './provider-settings.repository';
export * from './daily-usage.query';
export * from './typeorm-routing-store';
export * from './provider-health.board';
export * from './provider-registry.catalog';
