export * from './domain';
export * from './application';
export * from './persistence';
export * from './routing.module';
export * from './routing-api.module';
