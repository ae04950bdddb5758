import type { AttemptRecord, OpenedRawAnswer, PayoutEventRecord, PayoutRecord } from '@libs/payouts/application';
import type { PayoutStatus } from '@libs/payouts/domain';
import type { OpsPayoutRow } from './ops-store.port';
import type { OpsBalances } from './read-ops-balances';

/** A keyset position in a newest-first payout list: the last row's (createdAt, id), as the API's cursors. */
export interface ListPosition {
  createdAt: Date;
  id: string;
}

/** What a search term can be; the store looks only where a term of its shape can match. */
export interface PayoutSearch {
  /** As typed, trimmed: a reference or a provider reference. */
  text: string;
  /** The text as a payout id, when it is a UUID. */
  payoutId?: string;
  /** The text as IBAN last four, when it is four letters or digits. */
  ibanLast4?: string;
  after?: ListPosition;
  limit: number;
}

/** An attempt with its last provider answer opened for the view, which masks it. */
export interface OpsAttemptRow {
  attempt: AttemptRecord;
  lastRawAnswer: OpenedRawAnswer | null;
}

export interface HourlyStatusCount {
  /** The start of the hour (UTC) the payouts were created in. */
  hour: Date;
  status: PayoutStatus;
  count: number;
}

export interface ProviderOutcome {
  provider: string;
  /** Final at the provider: succeeded, failed or returned. */
  final: number;
  succeeded: number;
  /** Creation to completion of the final ones; null without any. */
  p50Ms: number | null;
  p99Ms: number | null;
}

/** The console's reads: one payout and its history, search, and the last day's figures. Nothing is written. */
export interface OpsConsoleStore {
  /** Every client's payouts whose id, reference, provider reference or IBAN last four match; newest first. */
  searchPayouts(search: PayoutSearch): Promise<PayoutRecord[]>;
  /** The payout with since-when and its live attempt's polling, as the stuck list reads it. */
  findPayout(payoutId: string): Promise<OpsPayoutRow | undefined>;
  /** Oldest first, after the attempt `afterId` (keyset on created_at, id), at most `limit`. */
  listAttempts(payoutId: string, afterId: string | undefined, limit: number): Promise<OpsAttemptRow[]>;
  /** In order, after the event id `afterId`, with the acting client's name. */
  listEvents(payoutId: string, afterId: string | undefined, limit: number): Promise<PayoutEventRecord[]>;
  /** Payouts created in [from, to), by creation hour and current status. */
  hourlyStatusCounts(from: Date, to: Date): Promise<HourlyStatusCount[]>;
  /** Payouts created in [from, to), per provider: how many are final, how many succeeded, how long they took. */
  providerOutcomes(from: Date, to: Date): Promise<ProviderOutcome[]>;
  /** Every registered provider's last known balance and threshold, and the payouts held for a balance. */
  providerBalances(): Promise<OpsBalances>;
}
