import type { ExpectedCompletion } from '@libs/payouts/application';
import type { PayoutStatus, Rail } from '@libs/payouts/domain';
import { expectedCompletionAt, type BankCalendar } from '../domain';

/**
 * ExpectedCompletion by the rails (money-movement.md): a payout accepted on its way (processing) or done (succeeded)
 * completes by its rail's rule; none in manual review or with no rail. Only an EFT reads the bank calendar.
 */
export class RailCompletion implements ExpectedCompletion {
  constructor(private readonly calendars: { at(now: Date): Promise<BankCalendar> }) {}

  async onAcceptance(rail: Rail | null, to: PayoutStatus, acceptedAt: Date): Promise<Date | null> {
    if (rail === null || (to !== 'processing' && to !== 'succeeded')) return null;
    const calendar = rail === 'eft' ? await this.calendars.at(acceptedAt) : undefined;
    return expectedCompletionAt({ kind: 'accepted', rail, acceptedAt }, calendar);
  }
}
