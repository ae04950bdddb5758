import { addDays, BankCalendar, istanbulDateOf, type EftWindow, type OfficialCalendar } from '../domain';
import type { ClosureRows } from './closures.port';

/**
 * The bank calendar as of `now`: EFT_WINDOW, the official holidays and the ops closures from yesterday on (a window
 * open across midnight may still be in yesterday's date), read fresh from calendar_closures each time so a closure
 * acts on the next decision of every process. Only EFT needs it: a FAST payout never reads it.
 */
export class LoadBankCalendar {
  constructor(
    private readonly window: EftWindow,
    private readonly official: OfficialCalendar,
    private readonly closures: Pick<ClosureRows, 'list'>,
  ) {}

  async at(now: Date): Promise<BankCalendar> {
    const closures = await this.closures.list({ from: addDays(istanbulDateOf(now), -1) });
    return new BankCalendar(this.window, this.official, closures);
  }
}
