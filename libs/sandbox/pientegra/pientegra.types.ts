import type { TransferStatus } from '../store/transfer';

export const PIENTEGRA_STATUSES = ['PENDING_REVIEW', 'APPROVED', 'SENT', 'REJECTED', 'RETURNED'] as const;
export type PientegraStatus = (typeof PIENTEGRA_STATUSES)[number];

export const PIENTEGRA_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'DEAD'] as const;
export type PientegraDeliveryStatus = (typeof PIENTEGRA_DELIVERY_STATUSES)[number];

/** Operator review and "not decided yet" look the same from outside: both are PENDING_REVIEW. */
export const PIENTEGRA_STATUS_OF: Readonly<Record<TransferStatus, PientegraStatus>> = {
  processing: 'PENDING_REVIEW',
  manual_review: 'PENDING_REVIEW',
  sent: 'SENT',
  rejected: 'REJECTED',
  returned: 'RETURNED',
};

export interface PientegraCreateWithdrawal {
  externalUserId: string;
  externalUserLabel?: string;
  amountMinor: bigint;
  currency: 'TRY';
  targetIban: string;
  targetHolderName: string;
}

export interface PientegraErrorDetail {
  field: string;
  message: string;
}

export const AMOUNT_MIN_MINOR = 100n;
export const AMOUNT_MAX_MINOR = 100_000_000n;
