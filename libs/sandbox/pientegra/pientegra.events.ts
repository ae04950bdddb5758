import type { PientegraEventType } from './pientegra.scenarios';
import type { AttemptResult } from '../webhooks/webhook.dispatcher';
import type { PientegraDeliveryStatus } from './pientegra.types';

export interface PientegraEvent {
  sequence: number;
  eventId: string;
  eventType: PientegraEventType;
  occurredAt: string;
  reference: string;
  withdrawal: Record<string, unknown>;
  /** The exact bytes signed and sent; replays send them again unchanged. */
  body: string;
  deliveryStatus: PientegraDeliveryStatus;
  attempts: number;
  lastAttemptAt: string | null;
  lastHttpStatus: number | null;
}

/**
 * Every event sent, indexed by id, by transfer and by delivery status, so `?deliveryStatus=FAILED,DEAD` reads only
 * the failing ones however many were delivered.
 */
export class PientegraEvents {
  private byId = new Map<string, PientegraEvent>();
  private byReference = new Map<string, PientegraEvent[]>();
  private byStatus = emptyStatusIndex();
  private sequence = 0;

  add(
    event: Omit<PientegraEvent, 'sequence' | 'deliveryStatus' | 'attempts' | 'lastAttemptAt' | 'lastHttpStatus'>,
  ): PientegraEvent {
    this.sequence += 1;
    const stored: PientegraEvent = {
      ...event,
      sequence: this.sequence,
      deliveryStatus: 'PENDING',
      attempts: 0,
      lastAttemptAt: null,
      lastHttpStatus: null,
    };
    this.byId.set(stored.eventId, stored);
    this.byStatus.PENDING.add(stored);
    const ofTransfer = this.byReference.get(stored.reference);
    if (ofTransfer) ofTransfer.push(stored);
    else this.byReference.set(stored.reference, [stored]);
    return stored;
  }

  get(eventId: string): PientegraEvent | undefined {
    return this.byId.get(eventId);
  }

  ofTransfer(reference: string): readonly PientegraEvent[] {
    return this.byReference.get(reference) ?? [];
  }

  /** A delivered event stays delivered even while a duplicate copy of it is still failing (scenario 81). */
  recordAttempt(event: PientegraEvent, result: AttemptResult): void {
    event.attempts += 1;
    event.lastAttemptAt = result.at.toISOString();
    event.lastHttpStatus = result.httpStatus;
    if (result.isDelivered) this.setStatus(event, 'DELIVERED');
    else if (event.deliveryStatus !== 'DELIVERED') this.setStatus(event, result.isFinal ? 'DEAD' : 'FAILED');
  }

  markReplaying(event: PientegraEvent): void {
    this.setStatus(event, 'PENDING');
  }

  /** Oldest first. */
  list(statuses?: readonly PientegraDeliveryStatus[]): PientegraEvent[] {
    if (!statuses) return [...this.byId.values()];
    return statuses.flatMap((status) => [...this.byStatus[status]]).sort((a, b) => a.sequence - b.sequence);
  }

  clear(): void {
    this.byId = new Map();
    this.byReference = new Map();
    this.byStatus = emptyStatusIndex();
  }

  private setStatus(event: PientegraEvent, status: PientegraDeliveryStatus): void {
    if (event.deliveryStatus === status) return;
    this.byStatus[event.deliveryStatus].delete(event);
    event.deliveryStatus = status;
    this.byStatus[status].add(event);
  }
}

function emptyStatusIndex(): Record<PientegraDeliveryStatus, Set<PientegraEvent>> {
  return { PENDING: new Set(), DELIVERED: new Set(), FAILED: new Set(), DEAD: new Set() };
}
