import { IN_FLIGHT_STATUSES } from '@libs/payouts/domain';
import {
  openRawAnswer,
  PAYOUT_COLUMNS,
  sqlStatusList,
  toPayoutRecord,
  type PayoutRow,
  type PiiCipher,
  type RawAnswerColumn,
} from '@libs/payouts';
import type { OpsPayoutRow } from '../application';

/** `p` (payouts) is in a status it can be stuck in. */
export const LIVE_IN = `p.status IN (${sqlStatusList(IN_FLIGHT_STATUSES)})`;

/** A live payout's stuck threshold in ms: one parameter per in-flight status, from `$first` on, in their order. */
export const stuckThresholdCase = (first: number): string =>
  `CASE p.status ${IN_FLIGHT_STATUSES.map((status, i) => `WHEN '${status}' THEN $${i + first}::bigint`).join(' ')} END`;

/**
 * `s.since` for `p` (payouts): when its stuck clock started. The newest applied payout_events row, which is written
 * with every status change (`updated_at` would not do, since a flag change also moves it); for a scheduled payout its
 * release time, for one awaiting approval its approval deadline (programs.md: STUCK_AFTER `scheduled` and
 * `awaiting_approval` are how long past them).
 */
export const STUCK_SINCE_LATERAL = `CROSS JOIN LATERAL (
    SELECT CASE WHEN p.status = 'scheduled' THEN p.scheduled_for
      WHEN p.status = 'awaiting_approval' THEN (p.approval->>'expiresAt')::timestamptz
      ELSE coalesce(max(e.created_at), p.created_at) END
      AS since
    FROM payout_events e WHERE e.payout_id = p.id AND e.applied
  ) s`;

/**
 * The ops read model's select list: the payout as the API shows it (no sealed columns), when it entered its status,
 * and its live attempt's polling (`since`: STUCK_SINCE_LATERAL).
 */
export const OPS_PAYOUT_SELECT = `
  SELECT ${PAYOUT_COLUMNS},
    s.since,
    a.provider AS attempt_provider, a.status AS attempt_status, a.poll_count, a.last_polled_at, a.last_raw_answer
  FROM payouts p
  ${STUCK_SINCE_LATERAL}
  LEFT JOIN payout_attempts a ON a.payout_id = p.id AND a.status <> 'rejected'`;

/** A payout row as the payouts repositories read it, plus when it entered its status and its live attempt. */
export interface OpsPayoutDbRow extends PayoutRow {
  since: Date;
  attempt_provider: string | null;
  attempt_status: string | null;
  poll_count: number | null;
  last_polled_at: Date | null;
  last_raw_answer: RawAnswerColumn | null;
}

/** The last answer's body is opened here for the ops view, which masks it; it is never sent on unmasked. */
export const toOpsPayoutRow = (row: OpsPayoutDbRow, cipher: PiiCipher): OpsPayoutRow => ({
  payout: toPayoutRecord(row),
  since: row.since,
  attempt:
    row.attempt_provider === null
      ? null
      : {
          provider: row.attempt_provider,
          status: row.attempt_status ?? 'unknown',
          pollCount: row.poll_count ?? 0,
          lastPolledAt: row.last_polled_at,
          lastRawAnswer: openRawAnswer(cipher, row.last_raw_answer),
        },
});
