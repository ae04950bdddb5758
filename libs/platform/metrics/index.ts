export { metricsRegistry } from './metrics-registry';
export { MetricsModule } from './metrics.module';
export { registeredCounter, registeredGauge, registeredHistogram } from './registered-metrics';
