import type { PayoutSignal } from './payout-signal';
import {
  APPROVAL_EXPIRY_SOURCE,
  isApprovalSource,
  isOpsSource,
  RAIL_HOLD_SOURCE,
  RELEASE_SOURCE,
} from './payout-signal';
import { isTerminal, type PayoutStatus } from './payout-status';
import { isEdge, RANK } from './payout-transitions';

export type AppliedReason = 'transition' | 'failover';
export type IgnoredReason = 'duplicate' | 'stale';
/**
 * `superseded_attempt`: about an attempt that is no longer the payout's live one (2b). `not_proven`: a "not
 * executed" claim the attempt's history does not support (2a). TransitionPayout decides both under the lock.
 */
export type RefusedReason = 'not_an_edge' | 'contradiction' | 'superseded_attempt' | 'not_proven';

interface DecisionBase {
  from: PayoutStatus;
  to: PayoutStatus;
  /** The payout's version after the decision: bumped only when applied. */
  version: number;
  /** Human-readable, for the event log and ops; never holds beneficiary data. */
  detail: string;
  /** A provider said two incompatible things about the money: ops must look. */
  contradiction: boolean;
  at: Date;
}

export type Decision =
  | (DecisionBase & { kind: 'applied'; reason: AppliedReason; contradiction: false })
  | (DecisionBase & { kind: 'ignored'; reason: IgnoredReason; contradiction: false })
  | (DecisionBase & { kind: 'refused'; reason: RefusedReason });

export type DecisionKind = Decision['kind'];

export interface PayoutState {
  status: PayoutStatus;
  version: number;
}

// One side says the money was paid, the other that it never will be. `canceled` belongs here too: a canceled payout's
// earlier attempts were all proven not executed, so a success for it means money moved that we told the client had not.
const CONTRADICTIONS: ReadonlyArray<readonly [PayoutStatus, PayoutStatus]> = [
  ['succeeded', 'failed'],
  ['returned', 'failed'],
  ['failed', 'succeeded'],
  ['failed', 'returned'],
  ['canceled', 'succeeded'],
  ['canceled', 'returned'],
];

/** Extra conditions on a few edges; `undefined` means the edge is allowed. Each returns why it refuses. */
const EDGE_GUARDS: Partial<Record<`${PayoutStatus}->${PayoutStatus}`, (signal: PayoutSignal) => string | undefined>> = {
  'submitting->pending': (signal) =>
    signal.failover === true ? undefined : 'back to pending only on failover (attempt proven not executed)',
  // Also when dispatch gives up waiting for a provider balance (INSUFFICIENT_BALANCE_WAIT, money-movement.md).
  'pending->failed': (signal) =>
    signal.failure?.code === 'no_route' ||
    (signal.failure?.code === 'insufficient_provider_balance' && signal.source === 'dispatch') ||
    isOpsSource(signal.source)
      ? undefined
      : 'a payout no provider has seen fails only for no_route, for a provider balance it waited for too long, or by ops',
  // A payout whose rail is closed (EFT outside its window) waits scheduled for the opening; only dispatch, which
  // chose the rail, holds it. It has no attempt then: nothing was sent.
  'pending->scheduled': (signal) =>
    signal.source === RAIL_HOLD_SOURCE ? undefined : 'held for a closed rail only by dispatch',
  'pending->canceled': (signal) =>
    signal.source === 'api' || isOpsSource(signal.source) ? undefined : 'only the client (api) or ops can cancel',
  // A scheduled payout has no attempt: no provider can have seen it, so no provider signal moves it.
  'scheduled->pending': (signal) =>
    signal.source === RELEASE_SOURCE || isOpsSource(signal.source) ? undefined : 'released only at its time or by ops',
  'scheduled->canceled': (signal) =>
    signal.source === 'api' || isOpsSource(signal.source) ? undefined : 'only the client (api) or ops can cancel',
  // Nor one awaiting approval: its approvers (enough approvals), ops, the client or its expiry move it.
  'awaiting_approval->scheduled': (signal) => approvedOrOps(signal),
  'awaiting_approval->pending': (signal) => approvedOrOps(signal),
  'awaiting_approval->canceled': (signal) =>
    signal.source === 'api' ||
    isOpsSource(signal.source) ||
    isApprovalSource(signal.source) ||
    signal.source === APPROVAL_EXPIRY_SOURCE
      ? undefined
      : 'only an approver (rejecting), its expiry, the client (api) or ops can cancel',
};

function approvedOrOps(signal: PayoutSignal): string | undefined {
  return isApprovalSource(signal.source) || isOpsSource(signal.source)
    ? undefined
    : 'leaves awaiting_approval only by its approvals or ops';
}

/**
 * Decides what a signal does to a payout, in this order: the same status again is a duplicate; a paid/not-paid
 * clash is a contradiction; anything after a terminal status is stale; an edge (with its guard) is applied; a move
 * back by rank is stale; the rest is not an edge. The caller persists the decision with its event and outbox rows.
 */
export function applySignal(payout: PayoutState, signal: PayoutSignal, now: Date): Decision {
  const from = payout.status;
  const to = signal.to;
  const base = { from, to, version: payout.version, at: now };
  const pair = `${from} -> ${to} from ${signal.source}`;

  if (from === to) {
    return { ...base, kind: 'ignored', reason: 'duplicate', contradiction: false, detail: `${pair}: already ${to}` };
  }
  if (CONTRADICTIONS.some(([current, wanted]) => current === from && wanted === to)) {
    const detail = `${pair}: provider contradiction, the payout is already ${from}; ops must look`;
    return { ...base, kind: 'refused', reason: 'contradiction', contradiction: true, detail };
  }
  if (isTerminal(from)) {
    const detail = `${pair}: ${from} is terminal, late signal ignored`;
    return { ...base, kind: 'ignored', reason: 'stale', contradiction: false, detail };
  }
  if (isEdge(from, to)) {
    const refusal = EDGE_GUARDS[`${from}->${to}`]?.(signal);
    if (refusal !== undefined) {
      return { ...base, kind: 'refused', reason: 'not_an_edge', contradiction: false, detail: `${pair}: ${refusal}` };
    }
    const reason: AppliedReason = from === 'submitting' && to === 'pending' ? 'failover' : 'transition';
    const version = payout.version + 1;
    return { ...base, version, kind: 'applied', reason, contradiction: false, detail: `${pair}: applied (${reason})` };
  }
  if (RANK[to] < RANK[from]) {
    const detail = `${pair}: ${to} ranks before ${from}, late signal ignored`;
    return { ...base, kind: 'ignored', reason: 'stale', contradiction: false, detail };
  }
  const detail = `${pair}: not an edge of the lifecycle`;
  return { ...base, kind: 'refused', reason: 'not_an_edge', contradiction: false, detail };
}
