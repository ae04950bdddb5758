export type { WebhookMetrics } from './application';
export { WebhookInboxEntity } from './persistence/webhook-inbox.entity';
export { WebhookInboxRepository } from './persistence/webhook-inbox.repository';
export { WebhookBodies } from './persistence/webhook-bodies';
export { webhooksConfig } from './webhooks.config';
export { WebhooksApiModule } from './webhooks-api.module';
export { WebhooksJobsModule } from './webhooks-jobs.module';
