export * from './poll-plan';
export * from './poll-store.port';
export * from './decide-poll';
export * from './reconcile-attempt';
export * from './poll-due-attempts';
export * from './sweep-missed-webhooks';
export * from './flag-payout';
