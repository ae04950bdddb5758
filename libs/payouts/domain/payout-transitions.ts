import type { PayoutStatus } from './payout-status';

// The lifecycle spec's edges (with programs.md's awaiting_approval and scheduled, before pending), plus submitting ->
// returned (a return notice overtaking both the submit answer and the success notice: the spec's own rule "a return
// implies the money was sent first", which it wrote only for processing and manual_review; refusing it left a returned
// transfer `succeeded` once the success notice came), and pending -> scheduled (money-movement.md: dispatch holds a
// payout whose rail is closed until the window opens). A missing pair is refused and recorded on the event log.
// prettier-ignore
export const TRANSITIONS = {
  awaiting_approval: ['scheduled', 'pending', 'canceled'],                                 // approvers, expiry, client, ops
  scheduled:     ['pending', 'canceled'],                                                   // pending only by release or ops
  pending:       ['submitting', 'failed', 'canceled', 'scheduled'],                         // scheduled: rail closed
  submitting:    ['processing', 'manual_review', 'succeeded', 'failed', 'pending', 'returned'], // pending: failover
  processing:    ['manual_review', 'succeeded', 'failed', 'returned'],                     // a return may overtake success
  manual_review: ['processing', 'succeeded', 'failed', 'returned'],                        // -> processing: by its ops
  succeeded:     ['returned'],
  returned: [], failed: [], canceled: [],
} as const satisfies Record<PayoutStatus, readonly PayoutStatus[]>;

/**
 * `(created) -> awaiting_approval | scheduled | pending`: the statuses a payout is created in (awaiting_approval when
 * the approval policy asks for approvals, else scheduled when it has a later release time).
 */
export const CREATION_STATUSES = [
  'awaiting_approval',
  'scheduled',
  'pending',
] as const satisfies readonly PayoutStatus[];

// Rank order for late and out-of-order events: a signal to a lower rank that is not an edge is stale. Three edges go
// down in rank and are still applied: submitting -> pending (failover), manual_review -> processing (not a
// downgrade, per the lifecycle spec) and pending -> scheduled (dispatch, for a closed rail). failed and canceled end the lifecycle, so they rank above everything.
// prettier-ignore
export const RANK = {
  awaiting_approval: 0, scheduled: 1, pending: 2, submitting: 3, processing: 4, manual_review: 5, succeeded: 6,
  returned: 7, failed: 8, canceled: 8,
} as const satisfies Record<PayoutStatus, number>;

export const isEdge = (from: PayoutStatus, to: PayoutStatus): boolean =>
  (TRANSITIONS[from] as readonly PayoutStatus[]).includes(to);
