import type { TransferBase } from '../store/transfer';

/** A withdrawal as the Pientegra emulator records it: `reference` is the Idempotency-Key, `providerId` the withdrawalId. */
export interface PientegraTransfer extends TransferBase {
  provider: 'pientegra';
  referenceNo: string;
  externalUserId: string;
  rejectedReason?: string;
}
