export type {
  AttemptLogRecord,
  CallbackClients,
  CallbackRequest,
  CallbackResponse,
  CallbackSender,
  CallbackSettings,
  DeliveryChange,
  DeliveryRecord,
  DeliveryStore,
  MessageSigner,
  NewDelivery,
  NotificationMessage,
  NotificationMetrics,
  TryRecord,
} from './delivery-store.port';
export { CallbackGuard } from './callback-guard';
export type { AddressResolver } from './callback-guard';
export { DeliverNotification } from './deliver-notification';
export type { DeliverResult } from './deliver-notification';
export { RecordStatusChange, SweepNotifications } from './sweep-notifications';
export type { DeliveryFeed, StatusChange, SweepResult } from './sweep-notifications';
export { ListNotifications, NOTIFICATIONS_LIMIT, RedeliverNotification } from './list-notifications';
export type { NotificationQuery, NotificationReads } from './list-notifications';
export { DELIVER_NOTIFICATION_JOB, NOTIFICATIONS_QUEUE, SWEEP_NOTIFICATIONS_JOB } from './notification-jobs';
