/**
 * A batch's own status (programs.md "Batches"): `awaiting_approval` until its one approval decision, `open` while any
 * item is in flight, `completed` once every item is final, `canceled` when every item was canceled. Its items keep
 * their own payout statuses; the batch's counts are read from them, never stored.
 */
export const BATCH_STATUSES = ['awaiting_approval', 'open', 'completed', 'canceled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const isBatchStatus = (value: string): value is BatchStatus =>
  (BATCH_STATUSES as readonly string[]).includes(value);
