export * from './ip-address';
export * from './callback-policy';
export * from './retry-schedule';
export * from './delivery-status';
