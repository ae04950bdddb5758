import type { MinorUnits, NormalizedFailure, PayoutStatus } from '@libs/payouts/domain';
import type { RoutingRecord, StoredRawAnswer } from '@libs/payouts/application';
import type { OpsPayoutRow } from '../application';

/**
 * The ops read model's select list: the payout as the API shows it (no sealed columns), when it entered its status,
 * and its live attempt's polling. `since` is the newest applied payout_events row, which is written with every
 * status change; `updated_at` would not do, since a flag change also moves it.
 */
export const OPS_PAYOUT_SELECT = `
  SELECT p.id, p.client_id, p.status, p.version, p.amount, p.currency, p.beneficiary_name, p.iban_last4, p.bank_code,
    p.customer, p.reference, p.description, p.metadata, p.requested_provider, p.provider, p.routing, p.failure,
    p.next_check_at, p.needs_attention, p.contradiction, p.created_at, p.updated_at, p.completed_at,
    (SELECT a2.provider_id FROM payout_attempts a2 WHERE a2.payout_id = p.id
      ORDER BY a2.created_at DESC, a2.id DESC LIMIT 1) AS provider_reference,
    s.since,
    a.provider AS attempt_provider, a.status AS attempt_status, a.poll_count, a.last_polled_at, a.last_raw_answer
  FROM payouts p
  CROSS JOIN LATERAL (
    SELECT coalesce(max(e.created_at), p.created_at) AS since
    FROM payout_events e WHERE e.payout_id = p.id AND e.applied
  ) s
  LEFT JOIN payout_attempts a ON a.payout_id = p.id AND a.status <> 'rejected'`;

export interface OpsPayoutDbRow {
  id: string;
  client_id: string;
  status: string;
  version: number;
  amount: string;
  currency: string;
  beneficiary_name: string;
  iban_last4: string;
  bank_code: string | null;
  customer: { id: string; label?: string } | null;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  requested_provider: string | null;
  provider: string | null;
  routing: RoutingRecord | null;
  failure: NormalizedFailure | null;
  next_check_at: Date | null;
  needs_attention: boolean;
  contradiction: boolean;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  provider_reference: string | null;
  since: Date;
  attempt_provider: string | null;
  attempt_status: string | null;
  poll_count: number | null;
  last_polled_at: Date | null;
  last_raw_answer: StoredRawAnswer | null;
}

export const toOpsPayoutRow = (row: OpsPayoutDbRow): OpsPayoutRow => ({
  payout: {
    id: row.id,
    clientId: row.client_id,
    status: row.status as PayoutStatus,
    version: row.version,
    amount: BigInt(row.amount) as MinorUnits,
    currency: row.currency,
    beneficiary: { name: row.beneficiary_name, ibanLast4: row.iban_last4, bankCode: row.bank_code },
    customer: row.customer,
    reference: row.reference,
    description: row.description,
    metadata: row.metadata,
    requestedProvider: row.requested_provider,
    provider: row.provider,
    providerReference: row.provider_reference,
    routing: row.routing,
    failure: row.failure,
    nextCheckAt: row.next_check_at,
    needsAttention: row.needs_attention,
    contradiction: row.contradiction,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  },
  since: row.since,
  attempt:
    row.attempt_provider === null
      ? null
      : {
          provider: row.attempt_provider,
          status: row.attempt_status ?? 'unknown',
          pollCount: row.poll_count ?? 0,
          lastPolledAt: row.last_polled_at,
          lastRawAnswer: row.last_raw_answer,
        },
});
