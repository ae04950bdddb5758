export type { WebhookMetrics } from './webhook-metrics.port';
