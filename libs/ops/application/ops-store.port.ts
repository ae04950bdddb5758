import type { OpenedRawAnswer, PayoutRecord } from '@libs/payouts/application';
import type { InFlightStatus, PayoutStatus } from '@libs/payouts/domain';
import type { PollSchedule } from '@libs/payouts/domain';

/** A payout with what ops needs beside it: since when it is in its status, and its live attempt's polling. */
export interface OpsPayoutRow {
  payout: PayoutRecord;
  /** When the payout entered its current status: the newest applied payout_events row (creation for `pending`). */
  since: Date;
  attempt: {
    provider: string;
    status: string;
    pollCount: number;
    lastPolledAt: Date | null;
    /** Opened from its sealed form for the view, which masks it. */
    lastRawAnswer: OpenedRawAnswer | null;
  } | null;
}

export interface StuckQuery {
  status?: InFlightStatus;
  provider?: string;
  /** Per status: in the status at least this long counts as stuck. */
  thresholdsMs: Readonly<Record<InFlightStatus, number>>;
  now: Date;
  limit: number;
  /** Rows after this (since, payout id), for the next page. */
  after?: { at: Date; id: string };
}

export interface StatusCount {
  status: PayoutStatus;
  provider: string | null;
  count: number;
}

export interface SummaryCounts {
  byStatusAndProvider: StatusCount[];
  /** The earliest `since` per live status. */
  oldestSince: { status: InFlightStatus; since: Date }[];
  orphanWebhooks: number;
  needsAttention: number;
  contradictions: number;
}

export interface OrphanWebhookRow {
  id: string;
  provider: string;
  receivedAt: Date;
  reference: string | null;
  providerId: string | null;
  signalStatus: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

/** Read-only queries over payouts, attempts, events and the webhook inbox. */
export interface OpsReadStore {
  /** Live payouts past their threshold, oldest `since` first. */
  listStuck(query: StuckQuery): Promise<OpsPayoutRow[]>;
  /** Payouts flagged needs_attention (live or not), longest flagged first; after (updated_at, id) when given. */
  listNeedsAttention(limit: number, after?: { at: Date; id: string }): Promise<OpsPayoutRow[]>;
  summary(): Promise<SummaryCounts>;
  /** Oldest first; after (received_at, id) when given. */
  listOrphanWebhooks(limit: number, after?: { at: Date; id: string }): Promise<OrphanWebhookRow[]>;
}

/** The poll schedule the poller runs for a status at a provider (undefined: not polled, or unknown provider). */
export type ScheduleLookup = (status: PayoutStatus, provider: string) => PollSchedule | undefined;

export interface OpsActor {
  /** The acting API client's id: the `ops:<id>` event source and the audit log's actor. */
  id: string;
  name: string;
}
