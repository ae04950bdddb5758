export * from './ops.queries';
export * from './ops-metrics.queries';
