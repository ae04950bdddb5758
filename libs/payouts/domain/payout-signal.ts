import type { NormalizedFailure } from './failure-code';
import type { PayoutStatus } from './payout-status';

/**
 * Who asks for a status change: `api`, `schedule` (the release of a scheduled payout), `approval:<client id>`
 * (an approver's decision), `approval_expiry`, `dispatch`, `webhook:<provider>`, `poll:<provider>` or `ops:<actor>`.
 * Stored on the event log as is.
 */
export type SignalSource = string;

/** A source's wish to move a payout to `to`; `applySignal` decides whether it may. */
export interface PayoutSignal {
  to: PayoutStatus;
  source: SignalSource;
  failure?: NormalizedFailure;
  /** Provider evidence (event id, lookup snapshot) for the event log; never read by the state machine. */
  evidence?: unknown;
  /** The attempt was definitively not executed and routing has another provider: submitting -> pending. */
  failover?: boolean;
}

export const isOpsSource = (source: SignalSource): boolean => /^ops:\S+$/.test(source);

/** The source of a scheduled payout's release (scheduled -> pending) when its `scheduledFor` has come. */
export const RELEASE_SOURCE = 'schedule';

/** The source that holds a pending payout `scheduled` while its rail is closed: dispatch, which chose the rail. */
export const RAIL_HOLD_SOURCE = 'dispatch';

/** The source of an approver's decision (approve or reject) on a payout awaiting approval. */
export const approvalSource = (clientId: string): SignalSource => `approval:${clientId}`;
export const isApprovalSource = (source: SignalSource): boolean => /^approval:\S+$/.test(source);

/** The source of the cancel of a payout not approved within APPROVAL_TIMEOUT. */
export const APPROVAL_EXPIRY_SOURCE = 'approval_expiry';
