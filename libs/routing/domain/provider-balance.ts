/** A provider's last known sending balance (money-movement.md); minor units. */
export interface KnownBalance {
  amount: bigint;
  currency: string;
}

/** The stable word routing gives a provider whose known balance cannot cover the payout. */
export const INSUFFICIENT_BALANCE = 'insufficient_balance';

/**
 * Why a provider's known balance cannot take a payout, or undefined when it can. An unknown balance, or one in another
 * currency, says nothing: unknown is not zero, and the provider's own refusal stays the backstop.
 */
export function balanceShortfall(
  balance: KnownBalance | undefined,
  payout: { amount: bigint; currency: string },
): string | undefined {
  if (balance === undefined || balance.currency !== payout.currency || balance.amount >= payout.amount)
    return undefined;
  return `${INSUFFICIENT_BALANCE}: known balance ${balance.amount} ${balance.currency} is below the amount`;
}

/** Whether an eligibility reason is the balance rule's, i.e. the provider was excluded for its balance alone. */
export const isBalanceShortfall = (reason: string): boolean => reason.startsWith(`${INSUFFICIENT_BALANCE}:`);

/** A known balance under the admin's threshold (same currency as the balance; a null threshold never alerts). */
export const isLowBalance = (balance: KnownBalance | undefined, threshold: bigint | null | undefined): boolean =>
  balance !== undefined && threshold !== null && threshold !== undefined && balance.amount < threshold;
