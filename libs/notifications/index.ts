export * from './outbox/outbox-message.entity';
export * from './outbox/outbox.config';
export * from './outbox/outbox-relay';
export * from './outbox/outbox-relay.module';
