import type { QueueName } from '@libs/platform/queues';

/**
 * A job written in the same transaction as the change that asks for it. The outbox relay enqueues it after commit as
 * BullMQ job `outbox-<row id>` on `queue`, so a relay retry never enqueues it twice. Handlers still run at least once.
 */
export interface OutboxMessage {
  queue: QueueName;
  jobName: string;
  payload: Record<string, unknown>;
}
