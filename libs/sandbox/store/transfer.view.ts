import type { Transfer } from './transfer';
import { ibanLast4 } from './transfer';

/** One row of `GET /_sandbox/transfers`, exactly the fields sandbox.md lists (transactionId only on rows of a provider that has one). */
export function transferRow(transfer: Transfer): Record<string, unknown> {
  return {
    provider: transfer.provider,
    reference: transfer.reference,
    providerId: transfer.providerId,
    ...('transactionId' in transfer ? { transactionId: transfer.transactionId.toString() } : {}),
    amount: transfer.amountMinor.toString(),
    currency: transfer.currency,
    ibanLast4: ibanLast4(transfer.iban),
    holderName: transfer.holderName,
    status: transfer.status,
    createdAt: transfer.createdAt.toISOString(),
    webhooks: transfer.webhooks,
  };
}
