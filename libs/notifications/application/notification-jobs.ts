/** The queue every notification job runs on; `payout-status-changed` (payouts' outbox) arrives here too. */
export const NOTIFICATIONS_QUEUE = 'notifications' as const;

/** Try one delivery row now (a retry that came due, a redelivery, a change that waited for an earlier one). */
export const DELIVER_NOTIFICATION_JOB = 'deliver-notification';
export interface DeliverNotificationJob {
  deliveryId: string;
}

/** The repeating sweep: create rows for changes whose job was lost, try rows whose retry is due (a job scheduler). */
export const SWEEP_NOTIFICATIONS_JOB = 'sweep-notifications';
