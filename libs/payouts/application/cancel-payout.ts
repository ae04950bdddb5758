import { PayoutError } from '../domain';
import { findVisiblePayoutOrThrow } from './get-payout';
import type { PayoutVisibility } from './payout-record';
import type { PayoutStore } from './payout-store.port';
import { toPayoutView, type PayoutView } from './payout-view';
import type { TransitionPayout } from './transition-payout';

/**
 * A client's cancel goes through the state machine like every other change: only `pending` has the edge to
 * `canceled`, so a payout some provider may already have seen answers 409 (and the refusal is on its event log).
 */
export class CancelPayout {
  constructor(
    private readonly store: PayoutStore,
    private readonly transition: TransitionPayout,
  ) {}

  async execute(payoutId: string, visibility: PayoutVisibility): Promise<PayoutView> {
    await findVisiblePayoutOrThrow(this.store, payoutId, visibility);
    const { decision, payout } = await this.transition.apply(
      payoutId,
      { to: 'canceled', source: 'api', failure: { code: 'canceled', message: 'canceled by the client' } },
      { actor: visibility.clientId },
    );
    if (decision.kind !== 'applied') {
      throw new PayoutError(
        'invalid_state',
        `a payout in status ${decision.from} cannot be canceled; only pending ones can`,
      );
    }
    return toPayoutView(payout);
  }
}
