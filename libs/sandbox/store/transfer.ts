import type { ProviderName } from '../provider-name';
import type { ScenarioCode } from '../scenarios/scenario.table';

export type { Transfer } from '../emulators';

/** The control API's view of where a recorded transfer stands (sandbox.md). */
export const TRANSFER_STATUSES = ['processing', 'manual_review', 'sent', 'rejected', 'returned'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** One attempt to deliver one webhook: `event` is the provider's event type or status as its webhook names it. */
export interface WebhookAttempt {
  event: string | number;
  deliveredAt: string;
  /** null when no HTTP answer came (connection refused, reset, timeout). */
  httpStatus: number | null;
}

/** What every emulator records of a transfer; each adds its provider's fields (`libs/sandbox/<name>/<name>.transfer.ts`). */
export interface TransferBase {
  provider: ProviderName;
  /** The caller's key for the transfer (an idempotency key or the caller's transaction id). */
  reference: string;
  /** The id the provider gives the transfer. */
  providerId: string;
  amountMinor: bigint;
  currency: 'TRY';
  /** Kept whole because a provider may echo it back (a lookup); never logged, the control API shows last 4. */
  iban: string;
  holderName: string;
  scenario: ScenarioCode;
  status: TransferStatus;
  createdAt: Date;
  updatedAt: Date;
  webhooks: WebhookAttempt[];
}

const TERMINAL: ReadonlySet<TransferStatus> = new Set(['rejected', 'returned']);

/**
 * Moves a transfer to the status an outcome implies. A return is final even when the earlier "sent" notice is
 * delivered after it (scenario 91), so a late outcome never moves a terminal transfer.
 */
export function advanceStatus(transfer: TransferBase, next: TransferStatus, at: Date): void {
  if (TERMINAL.has(transfer.status)) return;
  transfer.status = next;
  transfer.updatedAt = at;
}

export const ibanLast4 = (iban: string): string => iban.slice(-4);
