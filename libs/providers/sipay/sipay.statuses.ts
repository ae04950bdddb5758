import type { SignalTable } from '../contract/provider-signal';

/** GetRequestWithdrawByExtId `process_level_status` -> signal [V]. */
export const SIPAY_PROCESS_LEVEL_STATUSES: SignalTable = {
  '0': { status: 'processing' },
  '1': { status: 'succeeded' },
  '2': { status: 'failed', failure: 'bank_rejected' },
  '3': { status: 'failed', failure: 'provider_rejected' },
};

/**
 * Bank-transfer webhook `after_process_status` -> signal [V]. `1` is a completion only with `transaction_id > 0`;
 * `3` (manual review) is never sent by Sipay, but means the same if it ever is; `5` is a return after success.
 */
export const SIPAY_AFTER_PROCESS_STATUSES: SignalTable = {
  '1': { status: 'succeeded' },
  '2': { status: 'failed', failure: 'bank_rejected' },
  '3': { status: 'manual_review' },
  '4': { status: 'failed', failure: 'bank_rejected' },
  '5': { status: 'returned' },
};
