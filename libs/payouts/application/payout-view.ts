import {
  isTerminal,
  toJsonAmount,
  type ApprovalRecord,
  type HoldReason,
  type NormalizedFailure,
  type PayoutStatus,
  type Rail,
} from '../domain';
import type { AttemptRecord, PayoutEventRecord, PayoutRecord } from './payout-record';

/** The payout object of api.md. Holds the IBAN's last four characters and bank code only. */
export interface PayoutView extends Pick<
  PayoutRecord,
  | 'id'
  | 'status'
  | 'version'
  | 'currency'
  | 'beneficiary'
  | 'customer'
  | 'reference'
  | 'description'
  | 'metadata'
  | 'provider'
  | 'providerReference'
  | 'failure'
  | 'routing'
> {
  /** Minor units as a decimal string. */
  amount: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  /** The release time asked for at creation, null when none. */
  scheduledFor: string | null;
  /** What the approval policy asked of it (version, approvals required, deadline) and who approved; null: nothing. */
  approval: ApprovalRecord | null;
  /** The batch the payout is an item of, and the client's reference for it there; null for a single payout. */
  batchId: string | null;
  itemReference: string | null;
  rail: Rail | null;
  expectedCompletionAt: string | null;
  holdReason: HoldReason | null;
  /** Only while the payout is not terminal; the release time while it is scheduled. */
  nextCheckAt?: string | null;
  needsAttention?: boolean;
}

export function toPayoutView(payout: PayoutRecord): PayoutView {
  return {
    id: payout.id,
    status: payout.status,
    version: payout.version,
    amount: toJsonAmount(payout.amount),
    currency: payout.currency,
    beneficiary: { ...payout.beneficiary },
    customer: payout.customer,
    reference: payout.reference,
    description: payout.description,
    metadata: payout.metadata,
    provider: payout.provider,
    providerReference: payout.providerReference,
    failure: payout.failure,
    routing: payout.routing,
    createdAt: payout.createdAt.toISOString(),
    updatedAt: payout.updatedAt.toISOString(),
    completedAt: payout.completedAt?.toISOString() ?? null,
    scheduledFor: payout.scheduledFor?.toISOString() ?? null,
    approval: payout.approval,
    batchId: payout.batchId ?? null,
    itemReference: payout.itemReference ?? null,
    rail: payout.rail ?? null,
    expectedCompletionAt: payout.expectedCompletionAt?.toISOString() ?? null,
    // A hold reason says why a waiting payout waits; once it moved on, the reason is history (in its events).
    holdReason: isTerminal(payout.status) ? null : (payout.holdReason ?? null),
    ...(isTerminal(payout.status)
      ? {}
      : { nextCheckAt: payout.nextCheckAt?.toISOString() ?? null, needsAttention: payout.needsAttention }),
  };
}

export interface AttemptView {
  id: string;
  provider: string;
  reference: string;
  providerId: string | null;
  status: string;
  failure: NormalizedFailure | null;
  createdAt: string;
  updatedAt: string;
}

export const toAttemptView = (attempt: AttemptRecord): AttemptView => ({
  id: attempt.id,
  provider: attempt.provider,
  reference: attempt.reference,
  providerId: attempt.providerId,
  status: attempt.status,
  failure: attempt.failure,
  createdAt: attempt.createdAt.toISOString(),
  updatedAt: attempt.updatedAt.toISOString(),
});

export interface PayoutEventView {
  id: string;
  version: number;
  from: PayoutStatus | null;
  to: PayoutStatus;
  source: string;
  applied: boolean;
  /** The decision's word; for an event a person made, what they typed. */
  reason: string;
  detail: string;
  /** Only on an event a person made (ops, a client stating why it cancels): the client's name. */
  actor?: string;
  /** Only on an event a person made, when they gave evidence. */
  evidence?: string;
  createdAt: string;
}

/**
 * What a person typed when they changed a payout, kept on the event's evidence: `statedBy` (or `resolvedBy`, as
 * ops resolutions have always written it) names the client, beside their reason and evidence.
 */
export interface PersonStatement {
  statedBy: string;
  reason: string;
  evidence?: string;
}

export function statementOf(evidence: unknown): PersonStatement | undefined {
  if (typeof evidence !== 'object' || evidence === null) return undefined;
  const record = evidence as Record<string, unknown>;
  const by = typeof record.statedBy === 'string' ? record.statedBy : record.resolvedBy;
  if (typeof by !== 'string' || typeof record.reason !== 'string') return undefined;
  return {
    statedBy: by,
    reason: record.reason,
    ...(typeof record.evidence === 'string' ? { evidence: record.evidence } : {}),
  };
}

/**
 * Provider evidence stays internal (it may quote a provider body); the reason and its sentence are shown. An event a
 * person made shows who (the client's name) and what they typed instead of the decision's word (api.md).
 */
export const toPayoutEventView = (event: PayoutEventRecord): PayoutEventView => {
  const statement = statementOf(event.evidence);
  return {
    id: event.id,
    version: event.version,
    from: event.from,
    to: event.to,
    source: event.source,
    applied: event.applied,
    reason: statement?.reason ?? event.reason,
    detail: event.detail,
    ...(statement
      ? {
          actor: event.actorName ?? statement.statedBy,
          ...(statement.evidence !== undefined ? { evidence: statement.evidence } : {}),
        }
      : {}),
    createdAt: event.createdAt.toISOString(),
  };
};
