export const PAYOUT_STATUSES = [
  'pending',
  'submitting',
  'processing',
  'manual_review',
  'succeeded',
  'returned',
  'failed',
  'canceled',
] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** `succeeded` is not here: the bank may still return the money, so a succeeded payout can become `returned`. */
export const TERMINAL_STATUSES: ReadonlySet<PayoutStatus> = new Set<PayoutStatus>(['returned', 'failed', 'canceled']);

export const isTerminal = (status: PayoutStatus): boolean => TERMINAL_STATUSES.has(status);

export const isPayoutStatus = (value: unknown): value is PayoutStatus =>
  typeof value === 'string' && (PAYOUT_STATUSES as readonly string[]).includes(value);
