/**
 * sandbox.md's scenario table as data: the last two minor-unit digits of the amount pick a row; any other ending
 * behaves as `00`. Each provider's column sits in its folder (`<provider>.scenarios.ts`); the emulators hold no
 * scenario `if` chains of their own.
 */
export const SCENARIO_CODES = [
  '00',
  '13',
  '14',
  '21',
  '22',
  '31',
  '32',
  '41',
  '51',
  '52',
  '61',
  '71',
  '81',
  '91',
  '95',
  '96',
] as const;
export type ScenarioCode = (typeof SCENARIO_CODES)[number];

/** How the create call itself is answered. */
export type ScenarioAnswer =
  | { kind: 'accept' }
  /** Record, then hold the response for the timeout-hold (the caller times out after money may have moved). */
  | { kind: 'accept_then_hold' }
  /** The first request per idempotency reference fails before anything is recorded; later ones accept. */
  | { kind: 'fail_first'; httpStatus: 500 | 503 }
  /** Where the provider throttles per key: the first request per idempotency key is throttled (429, Retry-After: 1). */
  | { kind: 'throttle_first' }
  /** Refused synchronously; nothing recorded, no webhook. `code` is the provider's own error code. */
  | { kind: 'refuse'; code: string };

export type ReviewRelease = 'sent' | 'rejected';

/**
 * How the reconciliation listings show a transfer (sandbox.md scenarios 95 and 96): as recorded, with an amount
 * 1.00 TRY higher, or not at all. Only the listings read it; the create, the lookup and the webhooks stay true.
 */
export type ListingChange = 'amount_plus_one' | 'omitted';

/** 1.00 TRY in minor units: scenario 95's listing shows the amount this much higher. */
export const LISTING_AMOUNT_DELTA_MINOR = 100n;

export interface ScenarioRow<TEvent> {
  answer: ScenarioAnswer;
  /** Held in the provider's review until released through the control API; the value is the default outcome. */
  review?: ReviewRelease;
  /** Outcome webhooks in delivery order, one per webhook delay. */
  outcomes: readonly TEvent[];
  /** How many times each webhook is delivered (same event id / same body). */
  copies: 1 | 3;
  /** The reconciliation listing's change of this transfer, when it shows it other than as recorded. */
  listing?: ListingChange;
}

const accept = { kind: 'accept' } as const;

/** A row that accepts and sends `outcomes` once each, unless `extra` says otherwise. */
export const scenarioRow = <T>(outcomes: readonly T[], extra: Partial<ScenarioRow<T>> = {}): ScenarioRow<T> => ({
  answer: accept,
  outcomes,
  copies: 1,
  ...extra,
});

const CODES = new Set<string>(SCENARIO_CODES);

/** `150013` and `13` are both scenario 13; minor units, never major. */
export function scenarioOf(amountMinor: bigint): ScenarioCode {
  const lastTwo = (amountMinor % 100n).toString().padStart(2, '0');
  return CODES.has(lastTwo) ? (lastTwo as ScenarioCode) : '00';
}

/** The amount a reconciliation listing shows, or undefined when the listing omits the transfer. */
export function listedAmount(row: Pick<ScenarioRow<unknown>, 'listing'>, amountMinor: bigint): bigint | undefined {
  if (row.listing === 'omitted') return undefined;
  return row.listing === 'amount_plus_one' ? amountMinor + LISTING_AMOUNT_DELTA_MINOR : amountMinor;
}
