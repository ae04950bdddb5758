import type { ScenarioCode } from '../scenarios/scenario.table';

/** The control API's view of where a recorded transfer stands (sandbox.md). */
export const TRANSFER_STATUSES = ['processing', 'manual_review', 'sent', 'rejected', 'returned'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** One attempt to deliver one webhook: `event` is the Pientegra eventType or the Sipay after_process_status. */
export interface WebhookAttempt {
  event: string | number;
  deliveredAt: string;
  /** null when no HTTP answer came (connection refused, reset, timeout). */
  httpStatus: number | null;
}

interface TransferBase {
  /** The Pientegra Idempotency-Key or the Sipay ext_transaction_id. */
  reference: string;
  /** Pientegra withdrawalId; Sipay request_id (request_withdraw_id in its webhooks). */
  providerId: string;
  amountMinor: bigint;
  currency: 'TRY';
  /** Kept whole because the provider echoes it back (Sipay lookup); never logged, the control API shows last 4. */
  iban: string;
  holderName: string;
  scenario: ScenarioCode;
  status: TransferStatus;
  createdAt: Date;
  updatedAt: Date;
  webhooks: WebhookAttempt[];
}

export interface PientegraTransfer extends TransferBase {
  provider: 'pientegra';
  referenceNo: string;
  externalUserId: string;
  rejectedReason?: string;
}

export interface SipayTransfer extends TransferBase {
  provider: 'sipay';
  transactionId: bigint;
  requestId: bigint;
  nationalId: string;
  senderAccountNumber: string;
  senderWalletNumber: string;
  description: string | null;
}

export type Transfer = PientegraTransfer | SipayTransfer;

const TERMINAL: ReadonlySet<TransferStatus> = new Set(['rejected', 'returned']);

/**
 * Moves a transfer to the status an outcome implies. A return is final even when the earlier "sent" notice is
 * delivered after it (scenario 91), so a late outcome never moves a terminal transfer.
 */
export function advanceStatus(transfer: Transfer, next: TransferStatus, at: Date): void {
  if (TERMINAL.has(transfer.status)) return;
  transfer.status = next;
  transfer.updatedAt = at;
}

export const ibanLast4 = (iban: string): string => iban.slice(-4);
