import type { AttemptRecord, BeneficiaryForSubmission, PayoutRecord } from '@libs/payouts/application';
import { normalizeBeneficiaryName } from '@libs/payouts/domain';
import type { SendPermission, SubmitRequest } from './payout-provider';

/**
 * The attempt as an adapter's `submit` and `lookup` take it, for dispatch's send and reconciliation's lookup alike:
 * a lookup that replays the create under the same key must send the identical body, because a different body under
 * the same key is a conflict, not a replay. The holder's name goes out in its one spelling (normalizeBeneficiaryName:
 * NFC, one space, trimmed), whatever path stored it; the intake already stores it so, and normalizing is idempotent,
 * so a send and a later lookup build the same name.
 */
export function submitRequestFor(
  payout: PayoutRecord,
  attempt: AttemptRecord,
  beneficiary: BeneficiaryForSubmission,
  beforeFirstSend?: () => Promise<SendPermission>,
): SubmitRequest {
  return {
    payoutId: payout.id,
    attemptId: attempt.id,
    reference: attempt.reference,
    ...(attempt.providerId !== null ? { providerId: attempt.providerId } : {}),
    amount: payout.amount,
    currency: payout.currency,
    beneficiary: {
      name: normalizeBeneficiaryName(beneficiary.name),
      iban: beneficiary.iban,
      ...(beneficiary.nationalId !== undefined ? { nationalId: beneficiary.nationalId } : {}),
    },
    ...(payout.customer !== null ? { customer: payout.customer } : {}),
    ...(payout.description !== null ? { description: payout.description } : {}),
    ...(attempt.submittedAt !== null ? { submittedAt: attempt.submittedAt } : {}),
    ...(attempt.lastSentAt !== null ? { lastSentAt: attempt.lastSentAt } : {}),
    ...(beforeFirstSend ? { beforeFirstSend } : {}),
  };
}
