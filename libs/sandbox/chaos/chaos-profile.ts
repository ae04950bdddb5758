import type { WeightTable } from './chaos-random';

/**
 * What one create / send request does, drawn per request. `_before` records nothing, `_after` records the transfer
 * first: the caller cannot tell them apart, which is the point.
 */
export const SEND_BEHAVIOURS = [
  'normal', // as the provider answers it: record (or replay the recorded answer) and answer at once
  'early_webhook', // record; the outcome webhook goes out before the answer (answered after a short delay)
  'hold_recorded', // record, then hold the answer past the caller's timeout
  'hold_unrecorded', // record nothing and hold the answer past the caller's timeout
  'error_before', // 5xx, nothing recorded
  'error_after', // record, then 5xx
  'reset_before', // destroy the socket, nothing recorded
  'reset_after', // record, then destroy the socket
  'throttle', // 429 Retry-After: 1, nothing recorded
  'refuse_401', // bad key (Pientegra) / 401 on the API, also on the next 2 requests of this reference (Sipay: after the refresh)
  'refuse_403', // Pientegra forbidden
  'refuse_400', // validation_failed / Sipay HTTP 400 code 400
  'refuse_409', // Pientegra idempotency_conflict
  'refuse_422', // Pientegra validation_failed 422
  'unknown_code', // Sipay: an envelope code no table knows (HTTP 200, code 999)
  'token_error', // Sipay: 401 on the API and the next token request refused (invalid_client)
  'code_311', // Sipay insufficient balance: first send only, nothing recorded
  'code_310', // Sipay limit: first send only, nothing recorded
  'code_306', // Sipay name/IBAN mismatch: first send only, nothing recorded
] as const;
export type SendBehaviour = (typeof SEND_BEHAVIOURS)[number];

/** What one status lookup does. `not_found_in_window`: Sipay answers 300 while the record is younger than the lag. */
export const LOOKUP_BEHAVIOURS = [
  'normal',
  'hold',
  'error',
  'reset',
  'throttle',
  'refuse_401',
  'refuse_403',
  'unknown_code',
  'stale',
  'not_found_in_window',
] as const;
export type LookupBehaviour = (typeof LOOKUP_BEHAVIOURS)[number];

/** What a recorded transfer goes through afterwards (drawn once per transfer). */
export const OUTCOME_PLANS = [
  'sent',
  'rejected',
  'review_then_sent',
  'review_then_rejected',
  'sent_then_returned',
  'returned_before_sent',
  'sent_without_webhook',
] as const;
export type OutcomePlan = (typeof OUTCOME_PLANS)[number];

export interface ChaosProfile {
  pientegraFirstSend: WeightTable<SendBehaviour>;
  pientegraReplay: WeightTable<SendBehaviour>;
  sipayFirstSend: WeightTable<SendBehaviour>;
  sipayReplay: WeightTable<SendBehaviour>;
  pientegraLookup: WeightTable<LookupBehaviour>;
  sipayLookup: WeightTable<LookupBehaviour>;
  outcome: WeightTable<OutcomePlan>;
  /** Per cent of outcome webhooks delivered 2 or 3 times, and delivered late (up to the late maximum). */
  duplicatePercent: number;
  latePercent: number;
  /** Per cent of Sipay transfers invisible to the lookup for a while (up to the lag maximum). */
  sipayLagPercent: number;
  /** Per cent of first-send refusals followed, later, by a `rejected` webhook about the refused reference. */
  refusedWebhookPercent: number;
}

const none = Object.fromEntries(SEND_BEHAVIOURS.map((b) => [b, 0])) as Record<SendBehaviour, number>;
const noLookup = Object.fromEntries(LOOKUP_BEHAVIOURS.map((b) => [b, 0])) as Record<LookupBehaviour, number>;

/**
 * The one table of weights (test/chaos/README.md prints it). Weights, not per cents: a row's chance is its weight
 * over its table's total (each table below totals 100, so here they are per cents too).
 */
export const DEFAULT_PROFILE: ChaosProfile = {
  pientegraFirstSend: {
    ...none,
    normal: 52,
    early_webhook: 6,
    hold_recorded: 9,
    hold_unrecorded: 3,
    error_before: 4,
    error_after: 4,
    reset_before: 2,
    reset_after: 3,
    throttle: 4,
    refuse_401: 3,
    refuse_403: 2,
    refuse_400: 3,
    refuse_422: 5,
  },
  pientegraReplay: {
    ...none,
    normal: 52,
    hold_recorded: 6,
    hold_unrecorded: 2,
    error_before: 3,
    error_after: 3,
    reset_before: 2,
    reset_after: 2,
    throttle: 3,
    refuse_401: 7,
    refuse_403: 5,
    refuse_400: 5,
    refuse_409: 4,
    refuse_422: 6,
  },
  sipayFirstSend: {
    ...none,
    normal: 46,
    early_webhook: 6,
    hold_recorded: 9,
    hold_unrecorded: 3,
    error_before: 4,
    error_after: 4,
    reset_before: 2,
    reset_after: 3,
    throttle: 2,
    refuse_401: 2,
    refuse_400: 2,
    unknown_code: 3,
    token_error: 2,
    code_311: 6,
    code_310: 3,
    code_306: 3,
  },
  sipayReplay: {
    ...none,
    normal: 52,
    hold_recorded: 6,
    hold_unrecorded: 2,
    error_before: 3,
    error_after: 3,
    reset_before: 2,
    reset_after: 2,
    throttle: 2,
    refuse_401: 8,
    refuse_400: 6,
    unknown_code: 8,
    token_error: 6,
  },
  pientegraLookup: {
    ...noLookup,
    normal: 70,
    hold: 5,
    error: 6,
    reset: 3,
    throttle: 3,
    refuse_401: 4,
    refuse_403: 3,
    stale: 6,
  },
  sipayLookup: {
    ...noLookup,
    normal: 64,
    hold: 5,
    error: 6,
    reset: 3,
    throttle: 2,
    refuse_401: 4,
    unknown_code: 4,
    stale: 6,
    not_found_in_window: 6,
  },
  outcome: {
    sent: 50,
    rejected: 12,
    review_then_sent: 9,
    review_then_rejected: 6,
    sent_then_returned: 9,
    returned_before_sent: 4,
    sent_without_webhook: 10,
  },
  duplicatePercent: 15,
  latePercent: 25,
  sipayLagPercent: 25,
  refusedWebhookPercent: 40,
};

/** Mostly well-behaved: one fault in ten requests. For demos and for engineers trying chaos mode for the first time. */
export const GENTLE_PROFILE: ChaosProfile = {
  ...DEFAULT_PROFILE,
  pientegraFirstSend: { ...DEFAULT_PROFILE.pientegraFirstSend, normal: 500 },
  pientegraReplay: { ...DEFAULT_PROFILE.pientegraReplay, normal: 500 },
  sipayFirstSend: { ...DEFAULT_PROFILE.sipayFirstSend, normal: 500 },
  sipayReplay: { ...DEFAULT_PROFILE.sipayReplay, normal: 500 },
  pientegraLookup: { ...DEFAULT_PROFILE.pientegraLookup, normal: 300 },
  sipayLookup: { ...DEFAULT_PROFILE.sipayLookup, normal: 300 },
};

export const CHAOS_PROFILES = { default: DEFAULT_PROFILE, gentle: GENTLE_PROFILE } as const;
export type ChaosProfileName = keyof typeof CHAOS_PROFILES;
export const isChaosProfileName = (value: unknown): value is ChaosProfileName =>
  typeof value === 'string' && Object.hasOwn(CHAOS_PROFILES, value);
