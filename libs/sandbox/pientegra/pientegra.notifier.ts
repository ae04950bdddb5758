import type { PientegraEventType } from './pientegra.scenarios';
import { advanceStatus, TransferStatus } from '../store/transfer';
import type { PientegraTransfer } from './pientegra.transfer';
import type { WebhookDispatcher } from '../webhooks/webhook.dispatcher';
import { PientegraEvent, PientegraEvents } from './pientegra.events';
import { newPientegraId } from './pientegra.ids';
import { pientegraSignatureHeader } from './pientegra.signature';
import { webhookWithdrawal } from './pientegra.views';

export interface PientegraNotifierDeps {
  events: PientegraEvents;
  dispatcher: WebhookDispatcher;
  /** `${webhookTarget}/v1/webhooks/pientegra` */
  url: string;
  /** The first configured webhook secret. */
  secret: string;
  now: () => Date;
}

const TRANSFER_STATUS_OF: Readonly<Record<PientegraEventType, TransferStatus>> = {
  'withdrawal.sent': 'sent',
  'withdrawal.rejected': 'rejected',
  'withdrawal.returned': 'returned',
};

/** An outcome happens: the withdrawal changes status, and a signed event is sent (once, or `copies` times). */
export class PientegraNotifier {
  constructor(private readonly deps: PientegraNotifierDeps) {}

  emit(transfer: PientegraTransfer, eventType: PientegraEventType, copies: number, rejectedReason?: string): void {
    const at = this.deps.now();
    if (eventType === 'withdrawal.rejected')
      transfer.rejectedReason = rejectedReason ?? 'Rejected by the receiving bank';
    advanceStatus(transfer, TRANSFER_STATUS_OF[eventType], at);
    const eventId = newPientegraId();
    const occurredAt = at.toISOString();
    const withdrawal = webhookWithdrawal(transfer, eventType);
    const body = JSON.stringify({ eventId, eventType, occurredAt, withdrawal });
    const event = this.deps.events.add({
      eventId,
      eventType,
      occurredAt,
      reference: transfer.reference,
      withdrawal,
      body,
    });
    for (let copy = 0; copy < copies; copy += 1) this.deliver(transfer, event);
  }

  /** Sends an already recorded event again, byte for byte (its signature is fresh: it covers the attempt time). */
  deliver(transfer: PientegraTransfer, event: PientegraEvent): void {
    this.deps.dispatcher.send({
      url: this.deps.url,
      body: event.body,
      headers: (attemptAt) => ({
        'Pientegra-Signature': pientegraSignatureHeader(this.deps.secret, attemptAt.getTime(), event.body),
        'Pientegra-Event-Id': event.eventId,
      }),
      onAttempt: (result) => {
        transfer.webhooks.push({
          event: event.eventType,
          deliveredAt: result.at.toISOString(),
          httpStatus: result.httpStatus,
        });
        this.deps.events.recordAttempt(event, result);
      },
      label: {
        provider: 'pientegra',
        reference: transfer.reference,
        eventId: event.eventId,
        eventType: event.eventType,
      },
    });
  }
}
