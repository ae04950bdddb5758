import type { PientegraEventType } from './pientegra.scenarios';
import type { PientegraTransfer } from './pientegra.transfer';
import { PIENTEGRA_STATUS_OF, PientegraStatus } from './pientegra.types';

/** `GET /external/withdrawals/{id}` and the listing rows. */
export function withdrawalView(transfer: PientegraTransfer): Record<string, unknown> {
  return {
    withdrawalId: transfer.providerId,
    referenceNo: transfer.referenceNo,
    externalUserId: transfer.externalUserId,
    amount: transfer.amountMinor.toString(),
    currency: transfer.currency,
    status: PIENTEGRA_STATUS_OF[transfer.status],
    ...(transfer.status === 'rejected' && transfer.rejectedReason ? { rejectedReason: transfer.rejectedReason } : {}),
    createdAt: transfer.createdAt.toISOString(),
    updatedAt: transfer.updatedAt.toISOString(),
  };
}

export const STATUS_OF_EVENT: Readonly<Record<PientegraEventType, PientegraStatus>> = {
  'withdrawal.sent': 'SENT',
  'withdrawal.rejected': 'REJECTED',
  'withdrawal.returned': 'RETURNED',
};

/** The webhook's withdrawal object, key order as the provider's example; status is what this event announces. */
export function webhookWithdrawal(transfer: PientegraTransfer, eventType: PientegraEventType): Record<string, unknown> {
  return {
    withdrawalId: transfer.providerId,
    referenceNo: transfer.referenceNo,
    externalUserId: transfer.externalUserId,
    amount: transfer.amountMinor.toString(),
    currency: transfer.currency,
    status: STATUS_OF_EVENT[eventType],
    ...(eventType === 'withdrawal.rejected' ? { rejectedReason: transfer.rejectedReason ?? 'rejected' } : {}),
  };
}
