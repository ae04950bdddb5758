import type { FailureCode } from './payout-provider';

/**
 * One row of a provider's code table (provider code -> what it means for us). `moneyMayHaveMoved` and
 * `failoverAllowed` are spelled out on every row so a reader can check the table against the lifecycle spec.
 */
export type ProviderCodeRule =
  | { outcome: 'accepted'; moneyMayHaveMoved: true; failoverAllowed: false }
  | { outcome: 'not_executed'; failure: FailureCode; moneyMayHaveMoved: false; failoverAllowed: boolean }
  | { outcome: 'ambiguous'; moneyMayHaveMoved: true; failoverAllowed: false };

export type ProviderCodeTable = Readonly<Record<string, ProviderCodeRule>>;

/** An unknown code is never a failure: the attempt is looked up and decided later. */
export const UNKNOWN_CODE_RULE: ProviderCodeRule = {
  outcome: 'ambiguous',
  moneyMayHaveMoved: true,
  failoverAllowed: false,
};

export const ruleFor = (table: ProviderCodeTable, code: string | undefined): ProviderCodeRule =>
  (code !== undefined && Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined) ??
  UNKNOWN_CODE_RULE;
