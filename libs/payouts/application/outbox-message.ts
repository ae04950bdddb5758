import type { QueueName } from '@libs/platform/queues';

/**
 * A job written in the same transaction as the change that asks for it. The outbox relay enqueues it after commit as
 * BullMQ job `outbox-<row id>` on `queue`, so a relay retry never enqueues it twice. Handlers still run at least once.
 */
export interface OutboxMessage {
  queue: QueueName;
  jobName: string;
  payload: Record<string, unknown>;
  /**
   * A client notification: written only if this client has a callback URL and is not revoked, checked by the insert
   * itself. A notification nobody receives is not worth a job (each is ≈ 30 Redis commands); the events feed lists
   * every change whatever this says, and the notifications sweep feeds a callback client's deliveries from it.
   */
  forCallbackClient?: string;
}
