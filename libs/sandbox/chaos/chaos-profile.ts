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
  'refuse_401', // bad key / 401 on the API; an emulator may repeat it on the next requests of this reference
  'refuse_403', // forbidden
  'refuse_400', // validation_failed / HTTP 400
  'refuse_409', // idempotency_conflict
  'refuse_422', // validation_failed 422
  'unknown_code', // an envelope code no table knows (HTTP 200, code 999)
  'token_error', // 401 on the API and the next token request refused (invalid_client)
  'code_311', // insufficient balance: first send only, nothing recorded
  'code_310', // limit: first send only, nothing recorded
  'code_306', // name/IBAN mismatch: first send only, nothing recorded
] as const;
export type SendBehaviour = (typeof SEND_BEHAVIOURS)[number];

/** What one status lookup does. `not_found_in_window`: "not found" while the record is younger than its drawn lag. */
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

/** One emulator's rows of the weight table: its first sends, its replays and its lookups. */
export interface EmulatorChaosTables {
  firstSend: WeightTable<SendBehaviour>;
  replay: WeightTable<SendBehaviour>;
  lookup: WeightTable<LookupBehaviour>;
}

/** Rows an emulator leaves out weigh 0; a table lists every behaviour in one order, so a draw picks the same row. */
export const sendWeights = (rows: Partial<Record<SendBehaviour, number>>): WeightTable<SendBehaviour> => ({
  ...(Object.fromEntries(SEND_BEHAVIOURS.map((b) => [b, 0])) as Record<SendBehaviour, number>),
  ...rows,
});
export const lookupWeights = (rows: Partial<Record<LookupBehaviour, number>>): WeightTable<LookupBehaviour> => ({
  ...(Object.fromEntries(LOOKUP_BEHAVIOURS.map((b) => [b, 0])) as Record<LookupBehaviour, number>),
  ...rows,
});

/** The rows every emulator shares, and how the profile reweighs each emulator's own rows. */
export interface ChaosProfile {
  outcome: WeightTable<OutcomePlan>;
  /** Per cent of outcome webhooks delivered 2 or 3 times, and delivered late (up to the late maximum). */
  duplicatePercent: number;
  latePercent: number;
  /** Per cent of first-send refusals followed, later, by a `rejected` webhook about the refused reference. */
  refusedWebhookPercent: number;
  /** An emulator's rows under this profile, from the rows it declares (its `<name>.chaos.ts`). */
  emulatorTables(declared: EmulatorChaosTables): EmulatorChaosTables;
}

/**
 * The one table of weights (test/chaos/README.md prints it): these shared rows, and each emulator's send and lookup
 * rows beside its emulator (`libs/sandbox/<name>/<name>.chaos.ts`), assembled in the order of libs/sandbox/emulators.ts.
 * Weights, not per cents: a row's chance is its weight over its table's total (each table totals 100, so here they
 * are per cents too).
 */
export const DEFAULT_PROFILE: ChaosProfile = {
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
  refusedWebhookPercent: 40,
  emulatorTables: (declared) => declared,
};

/** Mostly well-behaved: one fault in ten requests. For demos and for engineers trying chaos mode for the first time. */
export const GENTLE_PROFILE: ChaosProfile = {
  ...DEFAULT_PROFILE,
  emulatorTables: (declared) => ({
    firstSend: { ...declared.firstSend, normal: 500 },
    replay: { ...declared.replay, normal: 500 },
    lookup: { ...declared.lookup, normal: 300 },
  }),
};

export const CHAOS_PROFILES = { default: DEFAULT_PROFILE, gentle: GENTLE_PROFILE } as const;
export type ChaosProfileName = keyof typeof CHAOS_PROFILES;
export const isChaosProfileName = (value: unknown): value is ChaosProfileName =>
  typeof value === 'string' && Object.hasOwn(CHAOS_PROFILES, value);
