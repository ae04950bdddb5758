export * from './ip-address';
export * from './callback-policy';
export * from './retry-schedule';
export * from './delivery-status';
export { CONTRADICTION_NOTIFICATION_TYPE, notificationType } from './notification-type';
