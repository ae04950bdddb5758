import type { SendClaim } from '@libs/payouts/application';
import type { SendPermission } from '@libs/providers/contract';

/**
 * The `beforeFirstSend` hook of one call of an attempt (SubmitRequest): claims the call in Postgres right before its
 * first byte leaves (invariant 2a) and remembers which call of the attempt it was, the number a refusal's proof names.
 * Every caller that can reach a provider's create uses it: dispatch's sends and resends, reconciliation's lookups that
 * replay the create, the test helper that plays dispatch.
 */
export function claimedSend(
  claim: () => Promise<SendClaim>,
  /** Call 1, claimed already in the transaction that committed the attempt (dispatch): its first send asks nothing. */
  preclaimed?: number,
): {
  beforeFirstSend: () => Promise<SendPermission>;
  /** Which call of the attempt this was once claimed; 0 while none of its requests has left. */
  sendNumber: () => number;
} {
  let sendNumber = 0;
  return {
    beforeFirstSend: async () => {
      if (preclaimed !== undefined && sendNumber === 0) {
        sendNumber = preclaimed;
        return 'go';
      }
      const claimed = await claim();
      if (claimed.kind === 'settled') return 'attempt_settled';
      if (claimed.kind === 'retention_passed') return 'idempotency_key_expired';
      sendNumber = claimed.sendNumber;
      return 'go';
    },
    sendNumber: () => sendNumber,
  };
}
