import { EmulatorChaosTables, lookupWeights, sendWeights } from '../chaos/chaos-profile';

/** Sipay's rows of the chaos weight table (test/chaos/README.md prints them). */
export const SIPAY_CHAOS_TABLES: EmulatorChaosTables = {
  firstSend: sendWeights({
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
  }),
  replay: sendWeights({
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
  }),
  lookup: lookupWeights({
    normal: 64,
    hold: 5,
    error: 6,
    reset: 3,
    throttle: 2,
    refuse_401: 4,
    unknown_code: 4,
    stale: 6,
    not_found_in_window: 6,
  }),
};

/** Per cent of Sipay records invisible to the lookup for a while (up to SANDBOX_CHAOS_SIPAY_LAG). */
export const SIPAY_LAG_PERCENT = 25;

/** A drawn 401 also refuses the next 2 sends of the reference: "401 even after the token refresh". */
export const SIPAY_REFUSAL_REPEATS = 2;
