export * from './delivery-store.port';
export * from './callback-guard';
export * from './deliver-notification';
export * from './sweep-notifications';
export * from './list-notifications';
export * from './notification-jobs';
