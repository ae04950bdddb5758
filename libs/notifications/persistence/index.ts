export { DeliveryRepository } from './delivery.repository';
export { DeliveryFeedRepository } from './delivery-feed.repository';
export { NotificationReadsRepository } from './notification-reads.repository';
