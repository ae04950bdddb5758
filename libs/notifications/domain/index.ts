export { checkCallbackUrl, checkResolvedAddresses } from './callback-policy';
export type { CallbackPolicy } from './callback-policy';
export { nextTryAt } from './retry-schedule';
export { CLIENT_REVOKED, DELIVERY_STATUSES, TRY_OUTCOMES } from './delivery-status';
export type { DeliveryStatus, TryOutcome } from './delivery-status';
export {
  BATCH_COMPLETED_NOTIFICATION_TYPE,
  CONTRADICTION_NOTIFICATION_TYPE,
  notificationType,
} from './notification-type';
