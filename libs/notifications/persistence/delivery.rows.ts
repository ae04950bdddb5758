import type { AttemptLogRecord, DeliveryRecord } from '../application';
import type { DeliveryStatus, TryOutcome } from '../domain';

/** Row -> record mapping shared by the raw-SQL repositories (snake_case ends here). */

export interface DeliveryRow {
  id: string;
  client_id: string;
  event_id: string | null;
  payout_id: string | null;
  payout_version: number | null;
  batch_id: string | null;
  event_type: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  retry_until: Date | null;
  last_attempt_at: Date | null;
  last_http_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const toDeliveryRecord = (row: DeliveryRow): DeliveryRecord => ({
  id: row.id,
  clientId: row.client_id,
  eventId: row.event_id,
  payoutId: row.payout_id,
  payoutVersion: row.payout_version,
  batchId: row.batch_id,
  eventType: row.event_type,
  status: row.status as DeliveryStatus,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  retryUntil: row.retry_until,
  lastAttemptAt: row.last_attempt_at,
  lastHttpStatus: row.last_http_status,
  lastError: row.last_error,
  deliveredAt: row.delivered_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface AttemptRow {
  id: string;
  delivery_id: string;
  number: number;
  started_at: Date;
  duration_ms: number;
  target: string;
  address: string | null;
  outcome: string;
  http_status: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export const toAttemptLogRecord = (row: AttemptRow): AttemptLogRecord => ({
  id: row.id,
  deliveryId: row.delivery_id,
  number: row.number,
  startedAt: row.started_at,
  durationMs: row.duration_ms,
  target: row.target,
  address: row.address,
  outcome: row.outcome as TryOutcome,
  httpStatus: row.http_status,
  error: row.error,
  responseExcerpt: row.response_excerpt,
});
