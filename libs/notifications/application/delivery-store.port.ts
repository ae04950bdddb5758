import type { LeasedClaims } from '@libs/platform/async';
import type { DeliveryStatus, TryOutcome } from '../domain';

/**
 * One notification, for the client that owns its subject: one applied status change of a payout (eventId, payoutId,
 * payoutVersion), or a batch's completion (batchId; decision 0012).
 */
export interface DeliveryRecord {
  id: string;
  clientId: string;
  /** The payout_events row of the change; also the message id receivers dedupe by. Null for a batch's. */
  eventId: string | null;
  payoutId: string | null;
  payoutVersion: number | null;
  /** The batch whose completion this tells (its message id is the delivery's id); null for a payout change. */
  batchId: string | null;
  /** `payout.<status>`, `payout.contradiction` or `batch.completed`. */
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  /** Set by the first try (first try + the retry period); cleared by a redelivery so it starts a new period. */
  retryUntil: Date | null;
  lastAttemptAt: Date | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TryRecord {
  number: number;
  startedAt: Date;
  durationMs: number;
  /** The callback URL without its query string (which may carry a token of the receiver's). */
  target: string;
  /** The address the request was sent to, when a connection was attempted. */
  address: string | null;
  outcome: TryOutcome;
  httpStatus: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export interface AttemptLogRecord extends TryRecord {
  id: string;
  deliveryId: string;
}

export interface DeliveryChange {
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  retryUntil: Date | null;
  deliveredAt: Date | null;
}

export interface NewDelivery {
  clientId: string;
  eventId: string;
  payoutId: string;
  payoutVersion: number;
  eventType: string;
  createdAt: Date;
}

/** The body of a notification, built from the event's snapshot of the payout (api.md "Client notifications"). */
export interface NotificationMessage {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * The delivery log in Postgres. Every pending notification is found from these rows alone (lifecycle invariant 8):
 * a lost queue job only delays it until the sweeper claims it. Its claimDue takes due pending deliveries, each leased.
 */
export interface DeliveryStore extends LeasedClaims<DeliveryRecord> {
  /** Inserts the delivery unless one exists for (event, client); returns the row either way. */
  ensure(delivery: NewDelivery): Promise<DeliveryRecord>;
  /** Takes a pending delivery that is due, hiding it until `leaseUntil`; undefined when it is not (any longer). */
  claim(deliveryId: string, now: Date, leaseUntil: Date): Promise<DeliveryRecord | undefined>;
  /** Whether an earlier applied change of the same payout still waits to be delivered to this client. */
  hasEarlierUndelivered(delivery: DeliveryRecord): Promise<boolean>;
  /**
   * Gives a claimed delivery back to wait for an earlier change without counting a try: due at `at`, or `now` when the
   * earlier change has been settled meanwhile; nothing when its lease changed (someone else has it).
   */
  release(deliveryId: string, at: Date, leasedUntil: Date | null, now: Date): Promise<void>;
  /** Appends the try to the attempt log and applies the change, in one transaction. */
  recordTry(deliveryId: string, attempt: TryRecord, change: DeliveryChange, now: Date): Promise<DeliveryRecord>;
  /**
   * Later changes of the same payout that were given back to wait for this one become due now; returns their ids. A
   * later change claimed for a try at this moment is left alone (its release looks at this one again).
   */
  wakeFollowers(delivery: DeliveryRecord, now: Date): Promise<string[]>;
  /** Marks a claimed pending delivery `canceled` with `reason` as its last error; nothing is sent or logged as a try. */
  cancel(deliveryId: string, reason: string, now: Date): Promise<void>;
  /** Cancels every pending delivery of a revoked client (reason `client_revoked`); returns how many. */
  cancelForRevokedClients(now: Date): Promise<number>;
  /** The body to send: the payout change's snapshot, or the batch as it closed (kept on the row at the first try). */
  message(delivery: DeliveryRecord): Promise<NotificationMessage | undefined>;
}

/** A client's callback settings, with the signing secret opened (it never leaves the sender). */
export interface CallbackSettings {
  /** A revoked client is sent nothing more: its deliveries are canceled. */
  isRevoked: boolean;
  callbackUrl: string | null;
  signingSecret: string | undefined;
  /** Why the secret is missing when it is stored but cannot be opened (e.g. a key no longer configured). */
  secretProblem?: string;
}

export interface CallbackClients {
  find(clientId: string): Promise<CallbackSettings | undefined>;
}

export interface CallbackRequest {
  url: URL;
  /** The addresses the guard checked; the sender connects to one of these and resolves nothing itself. */
  addresses: readonly string[];
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface CallbackResponse {
  outcome: Exclude<TryOutcome, 'refused'>;
  httpStatus?: number;
  address?: string;
  error?: string;
  responseExcerpt?: string;
}

export interface CallbackSender {
  send(request: CallbackRequest): Promise<CallbackResponse>;
}

export interface MessageSigner {
  /** The `webhook-signature` header value (Standard Webhooks `v1,<base64>`). */
  sign(secret: string, messageId: string, timestamp: Date, body: string): string;
}

export interface NotificationMetrics {
  tried(outcome: TryOutcome, seconds: number): void;
  gaveUp(): void;
}

export const noNotificationMetrics: NotificationMetrics = { tried: () => undefined, gaveUp: () => undefined };
