import type { PayoutAcceptance } from '@libs/payouts';

/** For tests of the payout core without providers: every payout is one some provider could take. */
export const acceptsEveryPayout: PayoutAcceptance = { refusals: () => [] };
