import type { Rail } from '@libs/payouts/domain';

/** The rails a provider can send on, as its adapter declares them (PayoutProvider capabilities). */
export interface RailSupport {
  /** FAST up to `maxAmount` minor units (the central bank's cap, FAST_MAX_AMOUNT); absent: no FAST. */
  fast?: { maxAmount: bigint };
  eft: boolean;
}

/**
 * The rail a payout of `amount` travels on with a provider: FAST when it is within the provider's FAST cap (instant,
 * 24/7), else EFT (no cap, its window only); undefined when the provider has neither for this amount.
 */
export function chooseRail(amount: bigint, rails: RailSupport): Rail | undefined {
  if (rails.fast !== undefined && amount <= rails.fast.maxAmount) return 'fast';
  return rails.eft ? 'eft' : undefined;
}
