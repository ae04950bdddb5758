import { isTerminal, toJsonAmount, type NormalizedFailure, type PayoutStatus } from '../domain';
import type { AttemptRecord, PayoutEventRecord, PayoutRecord, RoutingRecord } from './payout-record';

/** The payout object of api.md. Holds the IBAN's last four characters and bank code only. */
export interface PayoutView {
  id: string;
  status: PayoutStatus;
  version: number;
  amount: string;
  currency: string;
  beneficiary: { name: string; ibanLast4: string; bankCode: string | null };
  customer: { id: string; label?: string } | null;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  provider: string | null;
  providerReference: string | null;
  failure: NormalizedFailure | null;
  routing: RoutingRecord | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  /** Only while the payout is not terminal. */
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
  reason: string;
  detail: string;
  createdAt: string;
}

/** Evidence stays internal (it may quote a provider body); the reason and its sentence are shown. */
export const toPayoutEventView = (event: PayoutEventRecord): PayoutEventView => ({
  id: event.id,
  version: event.version,
  from: event.from,
  to: event.to,
  source: event.source,
  applied: event.applied,
  reason: event.reason,
  detail: event.detail,
  createdAt: event.createdAt.toISOString(),
});
