/**
 * sandbox.md's scenario table as data: the last two minor-unit digits of the amount pick a row; any other ending
 * behaves as `00`. Each provider reads its own column; the emulators hold no scenario `if` chains of their own.
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
] as const;
export type ScenarioCode = (typeof SCENARIO_CODES)[number];

/** How the create call itself is answered. */
export type ScenarioAnswer =
  | { kind: 'accept' }
  /** Record, then hold the response for the timeout-hold (the caller times out after money may have moved). */
  | { kind: 'accept_then_hold' }
  /** The first request per idempotency reference fails before anything is recorded; later ones accept. */
  | { kind: 'fail_first'; httpStatus: 500 | 503 }
  /** Pientegra only: the first request per Idempotency-Key is throttled (429, Retry-After: 1). */
  | { kind: 'throttle_first' }
  /** Refused synchronously; nothing recorded, no webhook. `code` is the provider's own error code. */
  | { kind: 'refuse'; code: string };

export type ReviewRelease = 'sent' | 'rejected';

export interface ScenarioRow<TEvent> {
  answer: ScenarioAnswer;
  /** Held in the provider's review until released through the control API; the value is the default outcome. */
  review?: ReviewRelease;
  /** Outcome webhooks in delivery order, one per webhook delay. */
  outcomes: readonly TEvent[];
  /** How many times each webhook is delivered (same event id / same body). */
  copies: 1 | 3;
}

export type PientegraEventType = 'withdrawal.sent' | 'withdrawal.rejected' | 'withdrawal.returned';
/** Sipay `after_process_status` values the sandbox sends (3, manual review, is never sent). */
export type SipayProcessStatus = 1 | 2 | 4 | 5;

const accept = { kind: 'accept' } as const;
const row = <T>(outcomes: readonly T[], extra: Partial<ScenarioRow<T>> = {}): ScenarioRow<T> => ({
  answer: accept,
  outcomes,
  copies: 1,
  ...extra,
});

export const PIENTEGRA_SCENARIOS: Readonly<Record<ScenarioCode, ScenarioRow<PientegraEventType>>> = {
  '00': row(['withdrawal.sent']),
  '13': row([], { review: 'sent' }),
  '14': row([], { review: 'rejected' }),
  '21': row(['withdrawal.rejected']),
  '22': row(['withdrawal.rejected']),
  '31': row(['withdrawal.sent']),
  '32': row(['withdrawal.sent']),
  '41': row(['withdrawal.sent'], { answer: { kind: 'accept_then_hold' } }),
  '51': row(['withdrawal.sent'], { answer: { kind: 'fail_first', httpStatus: 503 } }),
  '52': row(['withdrawal.sent'], { answer: { kind: 'throttle_first' } }),
  '61': row(['withdrawal.sent', 'withdrawal.returned']),
  '71': row([], { answer: { kind: 'refuse', code: 'validation_failed' } }),
  '81': row(['withdrawal.sent'], { copies: 3 }),
  '91': row(['withdrawal.returned', 'withdrawal.sent']),
};

export const SIPAY_SCENARIOS: Readonly<Record<ScenarioCode, ScenarioRow<SipayProcessStatus>>> = {
  '00': row([1]),
  '13': row([], { review: 'sent' }),
  '14': row([], { review: 'rejected' }),
  '21': row([2]),
  '22': row([4]),
  '31': row([], { answer: { kind: 'refuse', code: '311' } }),
  '32': row([], { answer: { kind: 'refuse', code: '310' } }),
  '41': row([1], { answer: { kind: 'accept_then_hold' } }),
  '51': row([1], { answer: { kind: 'fail_first', httpStatus: 500 } }),
  '52': row([1]),
  '61': row([1, 5]),
  '71': row([], { answer: { kind: 'refuse', code: '306' } }),
  '81': row([1], { copies: 3 }),
  '91': row([5, 1]),
};

const CODES = new Set<string>(SCENARIO_CODES);

/** `150013` and `13` are both scenario 13; minor units, never major. */
export function scenarioOf(amountMinor: bigint): ScenarioCode {
  const lastTwo = (amountMinor % 100n).toString().padStart(2, '0');
  return CODES.has(lastTwo) ? (lastTwo as ScenarioCode) : '00';
}
