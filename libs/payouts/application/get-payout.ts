import { PayoutError } from '../domain';
import type { PayoutRecord, PayoutVisibility } from './payout-record';
import type { PayoutStore } from './payout-store.port';
import {
  toAttemptView,
  toPayoutEventView,
  toPayoutView,
  type AttemptView,
  type PayoutEventView,
  type PayoutView,
} from './payout-view';

export const PAYOUT_EXPANSIONS = ['attempts', 'events'] as const;
export type PayoutExpansion = (typeof PAYOUT_EXPANSIONS)[number];

export type ExpandedPayoutView = PayoutView & { attempts?: AttemptView[]; events?: PayoutEventView[] };

/** Another client's payout answers exactly like a missing one: its existence is not the caller's business. */
export async function findVisiblePayoutOrThrow(
  store: PayoutStore,
  payoutId: string,
  visibility: PayoutVisibility,
): Promise<PayoutRecord> {
  const payout = await store.payouts.find(payoutId, visibility);
  if (!payout) throw new PayoutError('not_found', `no payout ${payoutId}`);
  return payout;
}

export class GetPayout {
  constructor(private readonly store: PayoutStore) {}

  async execute(
    payoutId: string,
    visibility: PayoutVisibility,
    expand: readonly PayoutExpansion[] = [],
  ): Promise<ExpandedPayoutView> {
    const payout = await findVisiblePayoutOrThrow(this.store, payoutId, visibility);
    const view: ExpandedPayoutView = toPayoutView(payout);
    if (expand.includes('attempts')) {
      view.attempts = (await this.store.attempts.listForPayout(payoutId)).map(toAttemptView);
    }
    if (expand.includes('events')) {
      view.events = (await this.store.events.listForPayout(payoutId)).map(toPayoutEventView);
    }
    return view;
  }
}
