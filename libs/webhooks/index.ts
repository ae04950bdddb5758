export * from './domain';
export * from './application';
export * from './persistence/webhook-inbox.entity';
export * from './persistence/webhook-inbox.repository';
export * from './webhooks.config';
export * from './webhooks.metrics';
export * from './webhooks-api.module';
export * from './webhooks-jobs.module';
