export const PAYOUT_STATUSES = [
  'awaiting_approval',
  'scheduled',
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

/**
 * No edge leaves these: the payout never changes again. `succeeded` is not here: the bank may still return the money,
 * so a succeeded payout can become `returned`.
 */
export const TERMINAL_STATUSES: ReadonlySet<PayoutStatus> = new Set<PayoutStatus>(['returned', 'failed', 'canceled']);

export const isTerminal = (status: PayoutStatus): boolean => TERMINAL_STATUSES.has(status);

/**
 * The outcome is known and no work remains for us (no dispatch, no polling): the terminal statuses and `succeeded`.
 * A payout reaching one is complete (`completed_at`), and so is the attempt that reported it.
 */
export const SETTLED_STATUSES: ReadonlySet<PayoutStatus> = new Set<PayoutStatus>([
  'succeeded',
  'returned',
  'failed',
  'canceled',
]);

export const isSettled = (status: PayoutStatus): boolean => SETTLED_STATUSES.has(status);

/**
 * Work remains for us or for a provider (release, dispatch, polling); they and only they carry a `nextCheckAt`, and
 * they are what the ops stuck view watches (`STUCK_AFTER` has a key for each). `scheduled` is here: its `nextCheckAt`
 * is the release time, and a payout left scheduled past it is stuck like any other. `awaiting_approval` too: its
 * `nextCheckAt` is the approval deadline (APPROVAL_TIMEOUT), when the expiry job cancels it.
 */
export const IN_FLIGHT_STATUSES = [
  'awaiting_approval',
  'scheduled',
  'pending',
  'submitting',
  'processing',
  'manual_review',
] as const satisfies readonly PayoutStatus[];
export type InFlightStatus = (typeof IN_FLIGHT_STATUSES)[number];

export const isInFlight = (status: PayoutStatus): status is InFlightStatus =>
  (IN_FLIGHT_STATUSES as readonly PayoutStatus[]).includes(status);

export const isPayoutStatus = (value: unknown): value is PayoutStatus =>
  typeof value === 'string' && (PAYOUT_STATUSES as readonly string[]).includes(value);
