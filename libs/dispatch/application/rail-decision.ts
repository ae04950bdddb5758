import type { TransitionOptions } from '@libs/payouts/application';
import { RAIL_HOLD_SOURCE, type PayoutSignal, type Rail } from '@libs/payouts/domain';
import { chooseRail, expectedCompletionAt, type BankCalendar, type RailSupport } from '@libs/rails/domain';
import type { StoredRouting } from './dispatch.ports';

/** The bank calendar as of a moment (LoadBankCalendar): only an EFT payout reads it. */
export interface BankCalendarSource {
  at(now: Date): Promise<BankCalendar>;
}

/**
 * Where a routed payout goes on its provider's rails (money-movement.md): sent on FAST or an open EFT, held
 * `scheduled` for the next EFT opening when EFT is closed, or nowhere when the provider has no rail for the amount.
 */
export type RailDecision =
  | { kind: 'send'; rail: Rail }
  | { kind: 'hold'; rail: 'eft'; opensAt: Date; expectedCompletionAt: Date }
  | { kind: 'no_rail' };

export async function decideRail(
  amount: bigint,
  rails: RailSupport,
  now: Date,
  calendars: BankCalendarSource,
): Promise<RailDecision> {
  const rail = chooseRail(amount, rails);
  if (rail === undefined) return { kind: 'no_rail' };
  if (rail === 'fast') return { kind: 'send', rail };
  const calendar = await calendars.at(now);
  if (calendar.isEftOpen(now)) return { kind: 'send', rail };
  const opensAt = calendar.nextEftOpening(now);
  const expected = expectedCompletionAt({ kind: 'waiting_for_eft', opensAt }) as Date;
  return { kind: 'hold', rail, opensAt, expectedCompletionAt: expected };
}

/**
 * pending -> scheduled for a closed EFT: released by the scheduled release at the opening (scheduled_for and the
 * next check), then routed again like any pending payout. No provider is written: it is chosen again then.
 */
export function railHold(
  hold: Extract<RailDecision, { kind: 'hold' }>,
  routing: StoredRouting,
): { signal: PayoutSignal; options: TransitionOptions } {
  return {
    signal: {
      to: 'scheduled',
      source: RAIL_HOLD_SOURCE,
      evidence: { routing, rail: hold.rail, opensAt: hold.opensAt.toISOString() },
    },
    options: {
      nextCheckAt: hold.opensAt,
      moneyMovement: {
        rail: hold.rail,
        holdReason: 'rail_closed',
        scheduledFor: hold.opensAt,
        expectedCompletionAt: hold.expectedCompletionAt,
      },
    },
  };
}
