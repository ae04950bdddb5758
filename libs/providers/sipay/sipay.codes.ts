import type { ProviderCodeRule, ProviderCodeTable } from '../contract/code-rule';

const refused = (
  failure: 'invalid_beneficiary' | 'beneficiary_mismatch' | 'limit_exceeded' | 'insufficient_provider_balance',
  failoverAllowed: boolean,
): ProviderCodeRule => ({ outcome: 'not_executed', failure, moneyMayHaveMoved: false, failoverAllowed });

const earlierRequestGotThrough: ProviderCodeRule = {
  outcome: 'ambiguous',
  moneyMayHaveMoved: true,
  failoverAllowed: false,
};

/**
 * Sipay envelope `code` -> our outcome (providers/sipay.md, payout-lifecycle.md). Anything not listed is `ambiguous`
 * and looked up once before deciding [A]; never a failure.
 */
export const SIPAY_CODES: ProviderCodeTable = {
  '100': { outcome: 'accepted', moneyMayHaveMoved: true, failoverAllowed: false },
  // Wallet not found / invalid: nothing created, and another provider would not fix the data.
  '300': refused('invalid_beneficiary', false),
  // Duplicate ext_transaction_id: our earlier request got through.
  '301': earlierRequestGotThrough,
  '306': refused('beneficiary_mismatch', false),
  '503': refused('beneficiary_mismatch', false),
  // Limit or balance: nothing recorded, no webhook will follow; another provider may pay it.
  '310': refused('limit_exceeded', true),
  '311': refused('insufficient_provider_balance', true),
  // "Already processed successfully": expected right after a payout; the record shows what happened.
  '312': earlierRequestGotThrough,
};
