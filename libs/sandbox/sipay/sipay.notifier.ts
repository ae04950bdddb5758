import type { SipayProcessStatus } from './sipay.scenarios';
import { advanceStatus, TransferStatus } from '../store/transfer';
import type { SipayTransfer } from './sipay.transfer';
import type { WebhookDispatcher } from '../webhooks/webhook.dispatcher';
import { stringifySipayJson } from './sipay.json';
import { webhookBody } from './sipay.payloads';

export interface SipayNotifierDeps {
  dispatcher: WebhookDispatcher;
  /** `${webhookTarget}/v1/webhooks/sipay/<token>`: it holds a secret, so it is never logged. */
  url: string;
  now: () => Date;
}

const TRANSFER_STATUS_OF: Readonly<Record<SipayProcessStatus, TransferStatus>> = {
  1: 'sent',
  2: 'rejected',
  4: 'rejected',
  5: 'returned',
};

interface SentWebhook {
  afterProcessStatus: SipayProcessStatus;
  body: string;
}

/** An outcome happens: the transfer changes status and the bank-transfer webhook is sent (Sipay signs nothing). */
export class SipayNotifier {
  private sent = new Map<string, SentWebhook[]>();

  constructor(private readonly deps: SipayNotifierDeps) {}

  emit(transfer: SipayTransfer, afterProcessStatus: SipayProcessStatus, copies: number): void {
    advanceStatus(transfer, TRANSFER_STATUS_OF[afterProcessStatus], this.deps.now());
    const webhook = { afterProcessStatus, body: stringifySipayJson(webhookBody(transfer, afterProcessStatus)) };
    const ofTransfer = this.sent.get(transfer.reference);
    if (ofTransfer) ofTransfer.push(webhook);
    else this.sent.set(transfer.reference, [webhook]);
    for (let copy = 0; copy < copies; copy += 1) this.deliver(transfer, webhook);
  }

  /** Sends every webhook of the transfer again, same bytes; returns how many. */
  redeliver(transfer: SipayTransfer): number {
    const webhooks = this.sent.get(transfer.reference) ?? [];
    for (const webhook of webhooks) this.deliver(transfer, webhook);
    return webhooks.length;
  }

  clear(): void {
    this.sent = new Map();
  }

  private deliver(transfer: SipayTransfer, webhook: SentWebhook): void {
    this.deps.dispatcher.send({
      url: this.deps.url,
      body: webhook.body,
      headers: () => ({}),
      onAttempt: (result) =>
        transfer.webhooks.push({
          event: webhook.afterProcessStatus,
          deliveredAt: result.at.toISOString(),
          httpStatus: result.httpStatus,
        }),
      label: { provider: 'sipay', reference: transfer.reference, afterProcessStatus: webhook.afterProcessStatus },
    });
  }
}
