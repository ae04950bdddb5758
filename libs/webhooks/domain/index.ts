export * from './inbox-status';
export * from './retry-delay';
