export type {
  OpsPayoutRow,
  OpsReadStore,
  OrphanWebhookRow,
  ScheduleLookup,
  StuckQuery,
  SummaryCounts,
} from './ops-store.port';
export { formatAge } from './format-age';
export { ListStuckPayouts, STUCK_LIMIT } from './list-stuck-payouts';
export type { StuckPayoutView, StuckSettings } from './list-stuck-payouts';
export { GetOpsSummary } from './get-ops-summary';
export type { OpsSummary } from './get-ops-summary';
export { RefreshPayout } from './refresh-payout';
export type { AttemptRefresher } from './refresh-payout';
export { RESOLUTIONS, ResolvePayout } from './resolve-payout';
export type { Resolution } from './resolve-payout';
export { OVERVIEW_PAGE_SIZE, ReadOpsOverview } from './read-ops-overview';
export type { OverviewParams } from './read-ops-overview';
export { RetryFailedJob } from './retry-failed-job';
export type { QueueJobFacts, QueueJobs } from './retry-failed-job';
export type {
  HourlyStatusCount,
  OpsAttemptRow,
  OpsConsoleStore,
  PayoutSearch,
  ProviderOutcome,
} from './ops-console.port';
export { SearchPayouts } from './search-payouts';
export type { SearchPage } from './search-payouts';
export { ReadOpsPayout } from './read-ops-payout';
export type { OpsAttemptView, OpsPayoutPage } from './read-ops-payout';
export { hourBuckets, ReadOpsCharts } from './read-ops-charts';
export { ReadOpsBalances } from './read-ops-balances';
export type { OpsBalances, OpsProviderBalance } from './read-ops-balances';
export type { HourBucket, OpsCharts, ProviderFigures } from './read-ops-charts';
export type { BatchProgressRow, ClientPayoutRow, OpsProgramsStore } from './ops-programs.port';
export { PROGRAM_CURSORS, PROGRAMS_PAGE_SIZE, ReadOpsPrograms } from './read-ops-programs';
export type {
  ApprovalPayoutView,
  BatchProgressView,
  OpsPrograms,
  ProgramsParams,
  ScheduledPayoutView,
} from './read-ops-programs';
export { APPROVAL_DECISIONS, DecideApproval } from './decide-approval';
export type { ApprovalDecision, ApprovalDecisions, ApprovalSubject } from './decide-approval';
export type { ListKey } from './ops-cursor';
export { LATE_FLIP_KINDS, LATE_FLIP_LIMIT, lateFlipKind, ListLateFlips } from './list-late-flips';
export type { LateFlipKind, LateFlipRow, LateFlipStore, LateFlipView } from './list-late-flips';
