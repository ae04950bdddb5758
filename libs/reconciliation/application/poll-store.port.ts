import type { LeasedClaims } from '@libs/platform/async';
import type { PayoutStatus } from '@libs/payouts/domain';

/** A payout the poller took: it stays hidden from other pollers until the lease it was claimed with ends. */
export interface ClaimedPayout {
  payoutId: string;
  status: PayoutStatus;
  /** The provider of its live attempt (the one not proven "not executed"); null when it has none. */
  provider: string | null;
}

export interface ScheduleContext {
  /** When the running schedule started: the last applied status change, or the last webhook, whichever is later. */
  since: Date;
  /** What the provider's last lookup said (`evidence.providerStatus` of the newest poll event that has one). */
  lastLookupProviderStatus?: string;
}

export interface AttemptKeys {
  provider: string;
  payoutId: string;
  attemptId: string;
  reference: string;
  providerId: string | null;
}

/**
 * The poller's reads and writes that are not status changes (those go through TransitionPayout). Its claimDue takes
 * due payouts (next_check_at <= now, status polled), whose next_check_at becomes the lease's end.
 */
export interface PollStore extends LeasedClaims<ClaimedPayout> {
  /** Gives claimed payouts back for another run at `at` (the provider's budget was spent before their turn). */
  release(payoutIds: readonly string[], at: Date): Promise<void>;
  scheduleContext(payoutId: string): Promise<ScheduleContext | undefined>;
  /** Whether any webhook about this attempt reached the inbox. */
  hasWebhook(attempt: AttemptKeys): Promise<boolean>;
  /** Orphan webhooks that may belong to this attempt become due now. */
  wakeOrphans(attempt: AttemptKeys, now: Date): Promise<number>;
  /** Whether the inbox holds this event already (so asking the provider to send it again is pointless). */
  hasInboxEvent(provider: string, dedupeKey: string): Promise<boolean>;
}

/** A per-provider request budget for polling, shared by every worker. */
export interface PollBudget {
  /** Takes one request from the provider's polling budget; `requestsPerMinute` undefined = the provider has none. */
  take(
    provider: string,
    requestsPerMinute: number | undefined,
  ): Promise<{ granted: true } | { granted: false; retryInMs: number }>;
}

export interface PollMetrics {
  polled(provider: string, outcome: string): void;
  budgetTaken(provider: string, limit: number | undefined): void;
  notApplied(provider: string, reason: string): void;
  contradiction(provider: string): void;
  missedWebhooksReplayed(provider: string, count: number): void;
}
