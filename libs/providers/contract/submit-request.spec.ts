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

  it('sends the holder name in its one spelling (NFC, one space, trimmed) whatever was stored, and leaves case alone', () => {
    const stored = { ...beneficiary, name: ' Ays\u0327e\u00a0\u00a0 Demir ' }; // decomposed ş, odd spaces
    expect(submitRequestFor(payout, attempt, stored).beneficiary.name).toBe('Ayşe Demir');
    const normalized = { ...beneficiary, name: 'ayşe DEMİR' };
    expect(submitRequestFor(payout, attempt, normalized).beneficiary.name).toBe('ayşe DEMİR');
  });
});
