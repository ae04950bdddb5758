export {
  DISCREPANCY_KINDS,
  isDiscrepancyKind,
  isStatusMismatch,
  LISTING_MARGIN_MS,
  OUR_LISTED_STATUS_SQL,
  RUN_STATUSES,
  STATUS_MISMATCH_SQL,
} from './reconciliation-run';
export type { DiscrepancyKind, RunCounts, RunStatus } from './reconciliation-run';
export { cronOf, parseDailyAtOrThrow, previousDay } from './daily-period';
export type { DailyAt } from './daily-period';
