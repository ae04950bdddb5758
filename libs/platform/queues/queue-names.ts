/**
 * Every queue the service uses. Postgres holds the work; a queue only makes it fast (lifecycle invariant 8), so each
 * job names a row and every handler is idempotent.
 */
export const QUEUE_NAMES = [
  'dispatch',
  'webhook-inbox',
  'reconciliation',
  'reconciliation-runs',
  'notifications',
  'outbox',
  'retention',
  'payout-release',
  'batch-feed',
  'provider-balances',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Key prefix of every BullMQ key in Redis, so one Redis db can be shared without collisions. */
export const QUEUE_PREFIX = 'payouts';
