/**
 * Process one inbox row (queue `webhook-inbox`). No longer written: workers claim stored rows from Postgres
 * (WebhookInboxClaimer). Still consumed, for jobs an older api left in the outbox or in Redis during an upgrade.
 */
export const PROCESS_WEBHOOK_JOB = 'process-webhook';
export interface ProcessWebhookJob {
  inboxId: string;
}

/** The repeating sweep of rows still waiting (lost jobs, unconfirmed lookups, orphans); a BullMQ job scheduler. */
export const SWEEP_WEBHOOK_INBOX_JOB = 'sweep-webhook-inbox';

export const WEBHOOK_INBOX_QUEUE = 'webhook-inbox' as const;
