import type { PayoutStatus, Rail } from '../domain';

/**
 * When a payout the provider has just accepted is expected to complete on its rail (money-movement.md): FAST a minute
 * on, EFT by its window. The rails lib answers it (it knows the bank calendar); TransitionPayout asks it for every
 * acceptance, whoever brought it (dispatch's submit answer, a webhook, a lookup), so the rule lives in one place.
 */
export interface ExpectedCompletion {
  /** Null when unknown: no rail, or a status that is not on its way (manual review). */
  onAcceptance(rail: Rail | null, to: PayoutStatus, acceptedAt: Date): Promise<Date | null>;
}

/** The injection token of ExpectedCompletion (provided by the rails lib's global module; absent: none is set). */
export const EXPECTED_COMPLETION = Symbol('EXPECTED_COMPLETION');
