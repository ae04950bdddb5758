export * from './notification-delivery.entity';
export * from './notification-attempt.entity';
export * from './notification-cursor.entity';
export * from './delivery.repository';
export * from './delivery-feed.repository';
export * from './notification-reads.repository';
