import type { Clock } from '@libs/platform/time';
import type { DeliveryStatus } from '../domain';
import type { AttemptLogRecord, DeliveryRecord } from './delivery-store.port';

export const NOTIFICATIONS_LIMIT = { min: 1, max: 100, default: 50 } as const;

export interface NotificationQuery {
  clientId: string;
  payoutId?: string;
  status?: DeliveryStatus;
  /** Rows older than this delivery id (ids are UUIDv7, so id order is creation order). */
  before?: string;
  limit: number;
}

/** What the api reads and changes of the delivery log; every call is limited to the caller's own rows. */
export interface NotificationReads {
  list(query: NotificationQuery): Promise<DeliveryRecord[]>;
  attempts(deliveryIds: readonly string[]): Promise<AttemptLogRecord[]>;
  find(deliveryId: string, clientId: string): Promise<DeliveryRecord | undefined>;
  /**
   * Makes the delivery pending and due now with a fresh retry period, and writes a job to the outbox in the same
   * transaction; undefined when the client has no such delivery.
   */
  redeliver(deliveryId: string, clientId: string, now: Date): Promise<DeliveryRecord | undefined>;
}

export interface AttemptView {
  number: number;
  startedAt: string;
  durationMs: number;
  target: string;
  address: string | null;
  outcome: string;
  httpStatus: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export interface NotificationView {
  id: string;
  eventId: string;
  type: string;
  payoutId: string | null;
  payoutVersion: number | null;
  batchId: string | null;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  retryUntil: string | null;
  deliveredAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  attempts: AttemptView[];
}

export interface NotificationPage {
  data: NotificationView[];
  nextCursor: string | null;
}

export class NotificationNotFoundError extends Error {
  override readonly name = 'NotificationNotFoundError';
  readonly code = 'not_found';
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toNotificationView(delivery: DeliveryRecord, attempts: readonly AttemptLogRecord[]): NotificationView {
  return {
    id: delivery.id,
    // The message id: a payout change's event, or a batch notification's own id.
    eventId: delivery.eventId ?? delivery.id,
    type: delivery.eventType,
    payoutId: delivery.payoutId,
    payoutVersion: delivery.payoutVersion,
    batchId: delivery.batchId,
    status: delivery.status,
    attemptCount: delivery.attempts,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    retryUntil: iso(delivery.retryUntil),
    deliveredAt: iso(delivery.deliveredAt),
    lastHttpStatus: delivery.lastHttpStatus,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === delivery.id)
      .sort((a, b) => a.number - b.number)
      .map((attempt) => ({
        number: attempt.number,
        startedAt: attempt.startedAt.toISOString(),
        durationMs: attempt.durationMs,
        target: attempt.target,
        address: attempt.address,
        outcome: attempt.outcome,
        httpStatus: attempt.httpStatus,
        error: attempt.error,
        responseExcerpt: attempt.responseExcerpt,
      })),
  };
}

/** GET /v1/notifications: the caller's deliveries, newest first, each with its tries. */
export class ListNotifications {
  constructor(private readonly reads: NotificationReads) {}

  async execute(query: NotificationQuery): Promise<NotificationPage> {
    const rows = await this.reads.list({ ...query, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const attempts = await this.reads.attempts(page.map((row) => row.id));
    return {
      data: page.map((row) => toNotificationView(row, attempts)),
      nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
    };
  }
}

/** POST /v1/notifications/{id}/redeliver: the same message (same webhook-id) once more, with a new retry period. */
export class RedeliverNotification {
  constructor(
    private readonly reads: NotificationReads,
    private readonly clock: Clock,
  ) {}

  async execute(deliveryId: string, clientId: string): Promise<NotificationView> {
    const delivery = await this.reads.redeliver(deliveryId, clientId, this.clock.now());
    if (!delivery) throw new NotificationNotFoundError(`no notification ${deliveryId}`);
    return toNotificationView(delivery, await this.reads.attempts([delivery.id]));
  }
}
