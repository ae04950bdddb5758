export { apiProcessesConfig } from './api-processes.config';
export { aggregatedMetrics, isClusterWorker, runClusterPrimary, serveLocalMetricsToPrimary } from './cluster';
export { closeOnSignals } from './graceful-shutdown';
