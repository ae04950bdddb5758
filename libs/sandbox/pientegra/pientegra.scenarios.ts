import { scenarioRow as row, type ScenarioCode, type ScenarioRow } from '../scenarios/scenario.table';

export type PientegraEventType = 'withdrawal.sent' | 'withdrawal.rejected' | 'withdrawal.returned';

/** Pientegra's column of sandbox.md's scenario table. */
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
  '95': row(['withdrawal.sent'], { listing: 'amount_plus_one' }),
  '96': row(['withdrawal.sent'], { listing: 'omitted' }),
};
