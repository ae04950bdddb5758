import type { TransferBase } from '../store/transfer';

/**
 * A transfer as the Sipay emulator records it: `reference` is the ext_transaction_id, `providerId` the request_id
 * (request_withdraw_id in its webhooks).
 */
export interface SipayTransfer extends TransferBase {
  provider: 'sipay';
  transactionId: bigint;
  requestId: bigint;
  nationalId: string;
  senderAccountNumber: string;
  senderWalletNumber: string;
  description: string | null;
}
