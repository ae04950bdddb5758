import type { LeasedClaims } from '@libs/platform/async';
import type { InboxStatus } from '../domain/inbox-status';

/** A webhook to store: what verification and the first parse could tell, plus the raw request. */
export interface NewInboxRow {
  provider: string;
  dedupeKey: string;
  status: InboxStatus;
  rawBody: Buffer;
  headers: Record<string, string>;
  remoteAddress: string | null;
  receivedAt: Date;
  reference: string | null;
  providerId: string | null;
  signalStatus: string | null;
  providerStatus: string | null;
  detail: string | null;
  /** When a worker may claim it (received: at once); null for rows that need no processing. */
  nextAttemptAt: Date | null;
}

export interface InboxRow extends Omit<NewInboxRow, 'detail'> {
  id: string;
  /** Set when the stored body cannot be opened (a retired key not configured, or purged): processing must not guess. */
  bodyUnavailable?: string;
  payoutId: string | null;
  attemptId: string | null;
  decision: string | null;
  detail: string | null;
  lookupEvidence: Record<string, unknown> | null;
  attempts: number;
  lastError: string | null;
  processedAt: Date | null;
}

/** How processing left a row. Absent fields stay as they are. */
export interface InboxOutcome {
  status: InboxStatus;
  payoutId?: string;
  attemptId?: string;
  decision?: string;
  detail?: string;
  lookupEvidence?: Record<string, unknown>;
  /** null: nothing more to try. */
  nextAttemptAt: Date | null;
  lastError?: string | null;
  processedAt?: Date;
}

export type InsertResult = { inserted: true; id: string } | { inserted: false };

/** The inbox in Postgres; its claimDue takes due waiting rows, each leased. */
export interface InboxStore extends LeasedClaims<InboxRow> {
  /** Stores the row unless (provider, dedupe key) exists, committed when it returns. A duplicate changes nothing. */
  insertIfNew(row: NewInboxRow): Promise<InsertResult>;
  /**
   * Takes a waiting row for processing when it is due: bumps `attempts` and hides it from others until
   * `leaseUntil`. Undefined when it is not waiting, not due, or someone else holds it.
   */
  claim(id: string, now: Date, leaseUntil: Date): Promise<InboxRow | undefined>;
  record(id: string, outcome: InboxOutcome): Promise<void>;
  countOrphans(): Promise<number>;
}
