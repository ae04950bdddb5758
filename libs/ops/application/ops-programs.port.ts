import type { PayoutRecord } from '@libs/payouts/application';
import type { ListKey } from './ops-cursor';

/** A payout with the name of the client that created it, for the console's program lists. */
export interface ClientPayoutRow {
  payout: PayoutRecord;
  clientName: string;
}

/**
 * The console's reads for payout programs (programs.md "Ops page"): what waits for its release time, what waits for
 * an approver, how batches are doing. Every client's rows; nothing is written.
 */
export interface OpsProgramsStore {
  /** Payouts in `scheduled`, the earliest release (`scheduled_for`, id) first, after `after` when given. */
  listScheduled(limit: number, after?: ListKey): Promise<ClientPayoutRow[]>;
}
