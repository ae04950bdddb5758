import type { SignalTable } from '../contract/provider-signal';

/** Withdrawal `status` -> signal (payout-lifecycle.md). `SENT` can still become `RETURNED`. */
export const PIENTEGRA_STATUSES: SignalTable = {
  PENDING_REVIEW: { status: 'processing' },
  APPROVED: { status: 'processing' },
  SENT: { status: 'succeeded' },
  REJECTED: { status: 'failed', failure: 'provider_rejected' },
  RETURNED: { status: 'returned' },
};

/** Webhook `eventType` -> signal. The type decides; the embedded withdrawal status is kept as evidence. */
export const PIENTEGRA_EVENTS: SignalTable = {
  'withdrawal.created': { status: 'processing' },
  'withdrawal.sent': { status: 'succeeded' },
  'withdrawal.rejected': { status: 'failed', failure: 'provider_rejected' },
  'withdrawal.returned': { status: 'returned' },
};
