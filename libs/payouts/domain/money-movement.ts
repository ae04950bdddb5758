/**
 * The rail a payout travels on (money-movement.md): FAST is instant and 24/7 up to the central bank's cap, EFT has no
 * cap but moves only inside its window on bank business days. Null on a payout until routing chose one.
 */
export const RAILS = ['fast', 'eft'] as const;
export type Rail = (typeof RAILS)[number];
export const isRail = (value: unknown): value is Rail => RAILS.includes(value as Rail);

/**
 * Why a payout that could go is held back by the world outside, not by its client: no provider's known balance covers
 * it (`pending`, waits up to INSUFFICIENT_BALANCE_WAIT), or its rail is closed (`scheduled` for the next window).
 */
export const HOLD_REASONS = ['insufficient_provider_balance', 'rail_closed'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];
export const isHoldReason = (value: unknown): value is HoldReason => HOLD_REASONS.includes(value as HoldReason);
