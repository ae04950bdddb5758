import type { PayoutStore, TransitionPayout, TransitionResult } from '@libs/payouts/application';

/**
 * Sets `needs_attention` (and, for a provider contradicting itself, `contradiction`) without moving the payout: a signal to the status it is in (recorded as not applied, with the
 * evidence) and the flag, in one transaction. Used when a provider says something we must not apply, such as a
 * webhook its own lookup contradicts. Undefined when the payout does not exist.
 */
export async function flagPayoutForOps(
  payouts: PayoutStore,
  transition: TransitionPayout,
  payoutId: string,
  source: string,
  evidence: Record<string, unknown>,
  flag: { contradiction?: boolean } = {},
): Promise<TransitionResult | undefined> {
  const payout = await payouts.payouts.find(payoutId);
  if (!payout) return undefined;
  return transition.apply(
    payoutId,
    // The status as locked, not as read: a flag must not move the payout back to where it was a moment ago.
    (current) => ({ to: current.status, source, evidence }),
    { needsAttention: true, contradiction: flag.contradiction },
  );
}
