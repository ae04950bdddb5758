/**
 * Reconciliation runs (money-movement.md, "Reconciliation reports"; decision 0016): one comparison of our payouts of
 * one provider created in [from, to) with that provider's listing of the same period. Plain TypeScript.
 */

export const RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What a run records: only discrepancies, never the matched pairs (those are a count). */
export const DISCREPANCY_KINDS = [
  'missingAtProvider',
  'unknownAtProvider',
  'amountMismatch',
  'statusMismatch',
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export const isDiscrepancyKind = (value: unknown): value is DiscrepancyKind =>
  typeof value === 'string' && (DISCREPANCY_KINDS as readonly string[]).includes(value);

/** How many items of a run are of each kind: counts of rows, not amounts of money. */
export interface RunCounts {
  matched: number;
  missingAtProvider: number;
  unknownAtProvider: number;
  amountMismatch: number;
  statusMismatch: number;
}

/**
 * Our payout statuses as a listing would say them (the provider side is normalized by its adapter to the same five
 * words). A payout still on its way is `pending`: the poller settles it, a run does not.
 */
export const OUR_LISTED_STATUS_SQL = `CASE p.status
  WHEN 'succeeded' THEN 'paid'
  WHEN 'failed' THEN 'failed'
  WHEN 'canceled' THEN 'failed'
  WHEN 'returned' THEN 'returned'
  ELSE 'pending' END`;

/**
 * The rule of a status mismatch, over our listed status `ours` and the provider's `theirs`: a provider word we could
 * not read (`unknown`) always is one; otherwise only a settled payout of ours can disagree (one still on its way is
 * the poller's business), and a return we know of is not contradicted by a listing that says paid (a listing, like a
 * lookup, may not know returns).
 */
export function isStatusMismatch(ours: string, theirs: string): boolean {
  if (theirs === 'unknown') return true;
  if (ours === 'pending' || ours === theirs) return false;
  return !(ours === 'returned' && theirs === 'paid');
}

/** The same rule in SQL, for the set-based compare (kept equal to `isStatusMismatch` by its spec). */
export const STATUS_MISMATCH_SQL = (ours: string, theirs: string): string =>
  `(${theirs} = 'unknown' OR (${ours} <> 'pending' AND ${ours} <> ${theirs} AND NOT (${ours} = 'returned' AND ${theirs} = 'paid')))`;

/**
 * How far beyond [from, to) the provider's listing is read: a payout created just before `to` may be recorded by
 * the provider a little after it, and must not show as missing for that. Rows outside [from, to) only ever match; a
 * row that matches nothing counts as unknown only when the provider created it inside the period.
 */
export const LISTING_MARGIN_MS = 60 * 60 * 1_000;
