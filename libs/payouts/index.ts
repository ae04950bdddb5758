export * from './domain';
export * from './application';
export * from './persistence';
export * from './payouts.config';
export * from './payouts.module';
export * from './payouts-api.module';
export * from './payout-signal.metrics';
