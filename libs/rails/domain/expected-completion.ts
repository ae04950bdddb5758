import type { Rail } from '@libs/payouts/domain';
import type { BankCalendar } from './bank-calendar';

/** FAST settles in seconds; a minute covers the provider's and the banks' own steps. */
export const FAST_COMPLETION_MS = 60 * 1_000;
/** An EFT inside its window is taken to settle within the hour. */
export const EFT_COMPLETION_MS = 60 * 60 * 1_000;

/**
 * What a payout's expected completion is computed from: the provider accepted it on its rail at `acceptedAt`, or it
 * waits (scheduled) for the EFT window opening at `opensAt`. A payout in manual review, or whose rail is unknown, has
 * none.
 */
export type CompletionBasis =
  { kind: 'accepted'; rail: Rail; acceptedAt: Date } | { kind: 'waiting_for_eft'; opensAt: Date } | { kind: 'unknown' };

/**
 * money-movement.md: FAST, one minute after acceptance; EFT accepted inside the window, one hour after acceptance or
 * the window's close if sooner; EFT waiting (or accepted while the window is closed: the banks move it at the next
 * opening), one hour after that window opens; otherwise null. Only an accepted EFT reads the calendar.
 */
export function expectedCompletionAt(basis: CompletionBasis, calendar?: BankCalendar): Date | null {
  switch (basis.kind) {
    case 'unknown':
      return null;
    case 'waiting_for_eft':
      return new Date(basis.opensAt.getTime() + EFT_COMPLETION_MS);
    case 'accepted': {
      const { rail, acceptedAt } = basis;
      if (rail === 'fast') return new Date(acceptedAt.getTime() + FAST_COMPLETION_MS);
      if (calendar === undefined) throw new Error('an accepted EFT needs the bank calendar for its window');
      const closesAt = calendar.eftClosesAfter(acceptedAt);
      if (closesAt === undefined) {
        return expectedCompletionAt(
          { kind: 'waiting_for_eft', opensAt: calendar.nextEftOpening(acceptedAt) },
          calendar,
        );
      }
      return new Date(Math.min(acceptedAt.getTime() + EFT_COMPLETION_MS, closesAt.getTime()));
    }
  }
}
