export * from './ops.queries';
export * from './ops-metrics.queries';
export * from './ops-console.queries';
