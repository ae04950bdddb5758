import type { PollMetrics } from '@libs/reconciliation';
import type { WebhookMetrics } from '@libs/webhooks';

/** Metrics ports that record nothing, for tests that build the use cases by hand. */
export const noPollMetrics: PollMetrics = {
  polled: () => undefined,
  budgetTaken: () => undefined,
  notApplied: () => undefined,
  contradiction: () => undefined,
  missedWebhooksReplayed: () => undefined,
};

export const noWebhookMetrics: WebhookMetrics = {
  received: () => undefined,
  duplicate: () => undefined,
  processed: () => undefined,
  notApplied: () => undefined,
  contradiction: () => undefined,
  orphaned: () => undefined,
  orphansWaiting: () => undefined,
};
