export * from './inbox-store.port';
export * from './webhook-metrics.port';
export * from './webhook-jobs';
export * from './ingest-webhook';
export * from './confirm-webhook';
export * from './apply-webhook';
export * from './process-webhook';
export * from './sweep-webhook-inbox';
