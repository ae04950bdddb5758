import type { AttemptRecord, BeneficiaryForSubmission, PayoutRecord } from '@libs/payouts/application';
import { submitRequestFor } from './submit-request';

const payout = {
  id: 'payout-1',
  amount: 1_050n,
  currency: 'TRY',
  customer: null,
  description: null,
} as unknown as PayoutRecord;
const attempt = {
  id: 'attempt-1',
  reference: 'ref-1',
  providerId: null,
  submittedAt: null,
  lastSentAt: null,
} as unknown as AttemptRecord;
const beneficiary: BeneficiaryForSubmission = { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' };

describe('submitRequestFor', () => {
  it('leaves out what the payout and the attempt do not have yet, rather than sending nulls', () => {
    expect(submitRequestFor(payout, attempt, beneficiary)).toEqual({
      payoutId: 'payout-1',
      attemptId: 'attempt-1',
      reference: 'ref-1',
      amount: 1_050n,
      currency: 'TRY',
      beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' },
    });
  });

  it('carries the claim hook of the call when given one', () => {
    const beforeFirstSend = async () => 'go' as const;
    expect(submitRequestFor(payout, attempt, beneficiary, beforeFirstSend).beforeFirstSend).toBe(beforeFirstSend);
  });
});
