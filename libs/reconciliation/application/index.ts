export { isPolled, planNextCheck, scheduleFor } from './poll-plan';
export type { PollMetrics } from './poll-store.port';
export { ReconcileAttempt } from './reconcile-attempt';
export type { ReconcileResult } from './reconcile-attempt';
export { PollDueAttempts } from './poll-due-attempts';
export { SweepMissedWebhooks } from './sweep-missed-webhooks';
export { flagPayoutForOps } from './flag-payout';
