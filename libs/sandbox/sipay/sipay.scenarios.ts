import { scenarioRow as row, type ScenarioCode, type ScenarioRow } from '../scenarios/scenario.table';

/** Sipay `after_process_status` values the sandbox sends (3, manual review, is never sent). */
export type SipayProcessStatus = 1 | 2 | 4 | 5;

/** Sipay's column of sandbox.md's scenario table. */
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
  '95': row([1], { listing: 'amount_plus_one' }),
  '96': row([1], { listing: 'omitted' }),
};
