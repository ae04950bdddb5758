import type { PientegraEventType } from './pientegra.scenarios';
import type { PientegraTransfer } from './pientegra.transfer';
import { PIENTEGRA_STATUS_OF, PientegraStatus } from './pientegra.types';

/** The fields every withdrawal object starts with, in the provider's key order. */
function withdrawalFields(transfer: PientegraTransfer): Record<string, unknown> {
  return {
    withdrawalId: transfer.providerId,
    referenceNo: transfer.referenceNo,
    externalUserId: transfer.externalUserId,
    amount: transfer.amountMinor.toString(),
    currency: transfer.currency,
  };
}

/** `GET /external/withdrawals/{id}` and the listing rows. */
export function withdrawalView(transfer: PientegraTransfer): Record<string, unknown> {
  return {
    ...withdrawalFields(transfer),
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
    ...withdrawalFields(transfer),
    status: STATUS_OF_EVENT[eventType],
    ...(eventType === 'withdrawal.rejected' ? { rejectedReason: transfer.rejectedReason ?? 'rejected' } : {}),
  };
}
