import type { AttemptRecord, BeneficiaryForSubmission, PayoutRecord } from '@libs/payouts/application';
import type { SubmitRequest } from '@libs/providers/contract';

/**
 * The attempt as an adapter's `submit` and `lookup` need it. Dispatch sends exactly this, so a lookup that replays the
 * create under the same key sends the identical body: a different body under the same key is a conflict,
 * not a replay.
 */
export function lookupRequestFor(
  payout: PayoutRecord,
  attempt: AttemptRecord,
  beneficiary: BeneficiaryForSubmission,
): SubmitRequest {
  return {
    payoutId: payout.id,
    attemptId: attempt.id,
    reference: attempt.reference,
    ...(attempt.providerId !== null ? { providerId: attempt.providerId } : {}),
    amount: payout.amount,
    currency: payout.currency,
    beneficiary: {
      name: beneficiary.name,
      iban: beneficiary.iban,
      ...(beneficiary.nationalId !== undefined ? { nationalId: beneficiary.nationalId } : {}),
    },
    ...(payout.customer !== null ? { customer: payout.customer } : {}),
    ...(payout.description !== null ? { description: payout.description } : {}),
    ...(attempt.submittedAt !== null ? { submittedAt: attempt.submittedAt } : {}),
    ...(attempt.lastSentAt !== null ? { lastSentAt: attempt.lastSentAt } : {}),
  };
}
