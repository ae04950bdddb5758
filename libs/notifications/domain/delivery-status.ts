/**
 * Where one notification (one status change for one client) stands. `pending`: to be sent or retried at
 * `next_attempt_at`. `delivered`: a try got a 2xx. `failed`: no 2xx within the retry period; a redelivery makes it
 * `pending` again. `canceled`: never to be sent, because its client was revoked (`lastError` says `client_revoked`).
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'canceled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const isDeliveryStatus = (value: unknown): value is DeliveryStatus =>
  typeof value === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(value);

/** What one try came to; stored on the attempt log. */
export const TRY_OUTCOMES = ['delivered', 'http_error', 'network_error', 'timeout', 'refused'] as const;
export type TryOutcome = (typeof TRY_OUTCOMES)[number];

/** Why a delivery was canceled, kept as its last error. */
export const CLIENT_REVOKED = 'client_revoked';
