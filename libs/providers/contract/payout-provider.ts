import type { FailureCode, NormalizedFailure, PollSchedule } from '@libs/payouts/domain';
import type { JsonValue } from '@libs/platform/json';
import type { RailSupport } from '@libs/rails/domain';

export type { FailureCode, NormalizedFailure, RailSupport };

/** A provider's registered name (registry.ts): routing, webhooks, polling and ops only ever hold this. */
export type ProviderName = string;

/**
 * The caller's answer when a call that could create the transfer is about to let its first request out: `go`, or
 * why not (`attempt_settled`: the attempt was settled meanwhile; `idempotency_key_expired`: its first request is
 * older than the provider keeps references, so a resend could pay twice). The caller persists the claim (2a).
 */
export type SendPermission = 'go' | 'attempt_settled' | 'idempotency_key_expired';

/** One attempt as the adapter needs it to submit or to look it up. */
export interface SubmitRequest {
  payoutId: string;
  attemptId: string;
  /**
   * Our stable idempotency reference for this attempt (a UUID; the provider's idempotency key or our transaction id
   * there). Every retry and every lookup of the attempt reuses it; a new one means a new attempt.
   */
  reference: string;
  /** The provider's id, once an answer or a webhook told us. */
  providerId?: string;
  /** Minor units. */
  amount: bigint;
  currency: string;
  beneficiary: { name: string; iban: string; nationalId?: string };
  customer?: { id: string; label?: string };
  description?: string;
  /** When the attempt was first sent: some providers' "not found" proves nothing for a while after it. */
  submittedAt?: Date;
  /** When the latest request that could create the transfer left; a consistency window runs from it too. */
  lastSentAt?: Date;
  /**
   * Called once per submit (or lookup that replays the create), after the rate budget and any token are in hand and
   * right before the first byte of the create leaves. Not `go`: nothing is sent and the outcome says why.
   */
  beforeFirstSend?: () => Promise<SendPermission>;
}

export const SIGNAL_STATUSES = ['processing', 'manual_review', 'succeeded', 'failed', 'returned'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/** What a provider said about a transfer, in our words; `providerStatus` is its own word for it. */
export interface ProviderSignal {
  status: SignalStatus;
  /** Set when `status` is `failed`. */
  failure?: NormalizedFailure;
  providerStatus: string;
  occurredAt?: Date;
}

/** The provider's answer as received, kept as evidence (it may hold full IBANs: store it, never log it). */
export interface RawAnswer {
  /** HTTP status of the last response; absent when none arrived. */
  httpStatus?: number;
  /** The last response body as received (UTF-8), '' when there was none. */
  body: string;
  /** Why no usable response arrived (`timeout`, `connection_error`, `rate_limited`, ...). */
  transportError?: string;
  /** HTTP requests this outcome took, retries included. */
  requestCount: number;
}

/** Why an answer is `ambiguous` or `unavailable`; stable words callers may act on. */
export const UNCERTAIN_REASONS = [
  'timeout',
  'connection_error',
  'server_error',
  'rate_limited',
  'unauthorized',
  'token_unavailable',
  'duplicate_reference',
  'already_processed',
  'idempotency_conflict',
  'unknown_code',
  'unparseable_response',
  'refused_after_unknown_try',
  'idempotency_key_expired',
  'attempt_settled',
  'internal_error',
] as const;
export type UncertainReason = (typeof UNCERTAIN_REASONS)[number];

/**
 * What one provider answer said about our sending balance (money-movement.md). `unreadable`: the answer had a balance
 * we could not read (garbage): it is stored and flagged, never taken as a balance, least of all as zero. An answer
 * without one has none (`balance` absent).
 */
export type BalanceReport =
  { kind: 'known'; /** Minor units. */ amount: bigint; currency: string } | { kind: 'unreadable'; reason: string };

/** A balance read (`readBalance`): what it reported, or why no answer was usable (nothing learned). */
export type BalanceReadOutcome =
  | (BalanceReport & { raw: RawAnswer })
  | { kind: 'unavailable'; reason: UncertainReason; detail?: string; raw: RawAnswer };

export type SubmitOutcome =
  | { kind: 'accepted'; providerId: string; signal: ProviderSignal; raw: RawAnswer; balance?: BalanceReport }
  /** Definitively not executed: nothing was created under this reference. */
  | {
      kind: 'not_executed';
      failure: NormalizedFailure;
      failoverAllowed: boolean;
      raw: RawAnswer;
      balance?: BalanceReport;
    }
  /**
   * Money may have moved: keep the attempt `submitting` and look it up later, never under a new reference. When
   * `raw.requestCount` is 0 (`rate_limited`, `token_unavailable`) this call sent nothing, so the same attempt may be
   * submitted again later under the same reference.
   */
  | { kind: 'ambiguous'; reason: UncertainReason; detail?: string; raw: RawAnswer };

export type LookupOutcome =
  | { kind: 'found'; providerId: string; signal: ProviderSignal; raw: RawAnswer }
  | {
      kind: 'not_found';
      /** True only when this answer proves nothing was ever executed under the reference (failover is safe). */
      provesNotExecuted: boolean;
      /** Why, when the provider refused the attempt (a replayed create that is refused again). */
      failure?: NormalizedFailure;
      raw: RawAnswer;
    }
  | { kind: 'unavailable'; reason: UncertainReason; detail?: string; raw: RawAnswer }
  | { kind: 'unparseable'; reason: string; raw: RawAnswer };

/** An inbound webhook exactly as it reached us. */
export interface RawRequest {
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  /** The secret path segment of a token-authenticated webhook URL. */
  pathToken?: string;
  remoteAddress?: string;
  receivedAt: Date;
}

export const WEBHOOK_REJECTIONS = [
  'missing_signature',
  'bad_signature',
  'stale',
  'bad_token',
  'ip_not_allowed',
] as const;
export type WebhookRejection = (typeof WEBHOOK_REJECTIONS)[number];
export type WebhookVerification = { ok: true } | { ok: false; reason: WebhookRejection };

export type WebhookParseResult =
  | {
      kind: 'event';
      /** Same delivery or same fact twice -> same key (an event id, or our reference and the status). */
      dedupeKey: string;
      /** Our reference, when the body carries it. */
      reference?: string;
      /** The provider's id of the transfer, as an exact string. */
      providerId?: string;
      signal?: ProviderSignal;
      /** The body is only a hint: confirm a terminal signal with `lookup` before applying it. */
      mustConfirmByLookup: boolean;
      /** The body as received (UTF-8). */
      raw: string;
    }
  /** Authentic but not about a payout (other event families, unknown types): answer 2xx, store, do nothing. */
  | { kind: 'ignored'; dedupeKey: string; reason: string; raw: string }
  | { kind: 'unparseable'; reason: string; raw: string };

/**
 * The payouts a provider can take at all, as its adapter declares them (each value marked [V] or [A] where the
 * adapter declares it; every [A] lives in the adapter's `*.assumptions.ts`). Routing never sends it anything else, and
 * the api refuses at creation what no enabled provider can pay.
 */
export interface PayoutCoverage {
  /** ISO 4217 codes it pays in. */
  currencies: readonly string[];
  /** ISO 3166 alpha-2 countries of the IBANs it pays to. */
  ibanCountries: readonly string[];
  /** Inclusive bounds in minor units. */
  minAmount: bigint;
  maxAmount: bigint;
  /** It cannot pay without the beneficiary's national id (TCKN/VKN). */
  requiresNationalId: boolean;
}

export interface ProviderCapabilities extends PayoutCoverage {
  /**
   * The Turkish rails it sends on (money-movement.md): FAST up to a cap, EFT. Dispatch picks the rail of each payout
   * from these (chooseRail); an EFT payout waits for the EFT window. Every adapter's [A] about it is in its assumptions.
   */
  rails: RailSupport;
  /** The provider's request budget per minute, shared by every process. */
  requestsPerMinute?: number;
  /** How often to look up a `processing` attempt (before POLL_TIME_SCALE); it never runs out. */
  processingPollSchedule: PollSchedule & { thenEveryMs: number };
  /** Webhooks are hints: terminal ones are applied only after a lookup agrees. */
  confirmsWebhooksByLookup: boolean;
  /** No webhook this long after acceptance while the lookup says "pending" = the provider's manual review. */
  manualReviewAfterMs?: number;
  /** A lookup "not found" proves nothing until this long after `submittedAt`. */
  consistencyWindowMs?: number;
  /**
   * How long the provider remembers our reference after its first use. Past it a resend could create a second
   * transfer, so an attempt is never sent again: only a lookup by the provider's id, a webhook or ops settle it.
   */
  idempotencyRetentionMs?: number;
}

/** Providers that can list webhooks they failed to deliver and send them again. */
export interface MissedWebhooks {
  listUndelivered(): Promise<string[]>;
  replay(eventId: string): Promise<void>;
}

/** A listed transfer's status in our words; `unknown` when the provider's word is not one we know. */
export const LISTED_STATUSES = ['paid', 'failed', 'pending', 'returned', 'unknown'] as const;
export type ListedStatus = (typeof LISTED_STATUSES)[number];

/**
 * One row of a provider's transfer listing (reconciliation). Every field the row did not carry readably is absent
 * and `problem` says what was wrong: such a row is stored and flagged, never trusted.
 */
export interface ListedTransfer {
  /** The provider's id of the transfer, as an exact string (some providers' ids exceed 2^53). */
  providerId?: string;
  /** Our reference, when the provider's listing carries it. */
  reference?: string;
  /** Minor units. */
  amount?: bigint;
  currency?: string;
  status: ListedStatus;
  /** The provider's own word for the status. */
  providerStatus?: string;
  createdAt?: Date;
  /** Why the row cannot be trusted whole (a missing id, an unreadable amount, ...). */
  problem?: string;
}

export interface TransferListingQuery {
  /** Inclusive, over the provider's creation times. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** The `nextCursor` of the previous page; absent for the first. */
  cursor?: string;
}

export type TransferListingOutcome =
  | { kind: 'page'; items: ListedTransfer[]; nextCursor: string | null; raw: RawAnswer }
  /** No usable page: try the same cursor again later. */
  | { kind: 'unavailable'; reason: UncertainReason; detail?: string; raw: RawAnswer };

export interface PayoutProvider {
  readonly name: ProviderName;
  readonly capabilities: ProviderCapabilities;
  submit(attempt: SubmitRequest): Promise<SubmitOutcome>;
  /**
   * Where the attempt stands at the provider, found by our reference (or by `providerId` when known). Takes the full
   * request because a provider may resolve an unknown outcome by replaying the identical create under the same key.
   */
  lookup(attempt: SubmitRequest): Promise<LookupOutcome>;
  /** Authenticity only, over the raw bytes, before anything is parsed. */
  verifyWebhook(request: RawRequest): Promise<WebhookVerification>;
  /**
   * `body`: the raw body already read with the lossless parser, when the caller has it (the ingest reads it once to
   * answer "not JSON"); the adapter then reads this tree instead of parsing the bytes again.
   */
  parseWebhook(request: RawRequest, body?: JsonValue): Promise<WebhookParseResult>;
  readonly missedWebhooks?: MissedWebhooks;
  /** The sending balance, for providers that have a balance call; absent where none exists (unknown != zero). */
  readBalance?(): Promise<BalanceReadOutcome>;
  /**
   * One page of the provider's transfers created in [from, to), for reconciliation runs; absent when the provider
   * has no listing. Goes through the provider's request budget like every other call.
   */
  listTransfers?(query: TransferListingQuery): Promise<TransferListingOutcome>;
}
