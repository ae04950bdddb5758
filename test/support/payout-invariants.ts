import type { Pool } from 'pg';
import type { SandboxTransferRow } from './conformance/sandbox-control';
import { IN_FLIGHT_STATUSES } from '@libs/payouts/domain';
import type { PayoutStatus } from '@libs/payouts/domain';
import { replayEventLogs } from './event-log-replay';
import { isSuccess, type IntakeRecord } from './intake-driver';

/** A transfer as the sandbox's control API lists it. */
export type SandboxTransfer = SandboxTransferRow;

interface PayoutRow {
  id: string;
  status: PayoutStatus;
  version: number;
  reference: string | null;
  next_check_at: Date | null;
  failure_code: string | null;
}
interface AttemptRow {
  payout_id: string;
  reference: string;
  status: string;
}
interface EventRow {
  payout_id: string;
  version: number;
  from_status: PayoutStatus | null;
  to_status: PayoutStatus;
}

/** One invariant: how many things break it, and what was counted. */
export interface InvariantLine {
  name: string;
  violations: number;
  detail: string;
  examples: string[];
}

export interface InvariantReport {
  lines: InvariantLine[];
  ok: boolean;
  statuses: Record<string, number>;
  inboxStatuses: Record<string, number>;
}

/** Replay answers gathered by the test (the same key and body POSTed again after the run). */
export interface ReplayCheck {
  checked: number;
  mismatches: string[];
}

const IN_FLIGHT: readonly PayoutStatus[] = IN_FLIGHT_STATUSES;
// What the sandbox recorded -> what the payout must say. A transfer still in review (scenarios 13/14 not released)
// allows only a payout still being followed; no transfer at all allows "not paid" or still being followed. The fault
// suite and the chaos run both judge by it.
export const EXPECTED_PAYOUT_STATUSES: Record<SandboxTransfer['status'] | 'none', readonly PayoutStatus[]> = {
  sent: ['succeeded'],
  returned: ['returned'],
  rejected: ['failed'],
  processing: ['processing', 'manual_review'],
  manual_review: ['processing', 'manual_review'],
  none: ['failed', 'canceled', ...IN_FLIGHT],
};
/** A transfer the provider executed (money moved or may still move): anything but a rejection. */
export const MONEY_MOVED: ReadonlySet<string> = new Set(['sent', 'returned', 'processing', 'manual_review']);

const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};
const line = (name: string, bad: string[], detail: string): InvariantLine => ({
  name,
  violations: bad.length,
  detail,
  examples: bad.slice(0, 200),
});

/**
 * Every end-of-run invariant of a fault run, from Postgres rows, the sandbox's recorded transfers and the client's
 * record of its requests: double payments, status against the provider's truth, lost webhooks, lost intake, the
 * event log, next checks and live attempts. Read-only; call it again until `ok` to wait for quiescence.
 */
export async function checkPayoutInvariants(params: {
  sql: Pool;
  sandboxUrl: string;
  intake: readonly IntakeRecord[];
  replay?: ReplayCheck;
}): Promise<InvariantReport> {
  const { sql } = params;
  const payouts = (
    await sql.query<PayoutRow>(
      `SELECT id, status, version, reference, next_check_at, failure->>'code' AS failure_code FROM payouts`,
    )
  ).rows;
  const attempts = (await sql.query<AttemptRow>('SELECT payout_id, reference, status FROM payout_attempts')).rows;
  const events = (
    await sql.query<EventRow>(
      `SELECT payout_id, version, from_status, to_status FROM payout_events WHERE applied ORDER BY payout_id, version, id`,
    )
  ).rows;
  const inbox = (
    await sql.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM webhook_inbox GROUP BY status',
    )
  ).rows;
  const response = await fetch(`${params.sandboxUrl}/_sandbox/transfers`);
  const transfers = ((await response.json()) as { data: SandboxTransfer[] }).data;

  const attemptByReference = new Map(attempts.map((a) => [a.reference, a]));
  const transfersByPayout = new Map<string, SandboxTransfer[]>();
  const strayTransfers: string[] = [];
  for (const transfer of transfers) {
    const payoutId = attemptByReference.get(transfer.reference)?.payout_id;
    if (!payoutId) strayTransfers.push(`${transfer.provider}:${transfer.reference} (no attempt has this reference)`);
    else transfersByPayout.set(payoutId, [...(transfersByPayout.get(payoutId) ?? []), transfer]);
  }

  const doublePaid = [...transfersByPayout].filter(([, list]) => list.length > 1);
  const mismatches: string[] = [];
  const failedWhilePaid: string[] = [];
  const withoutNextCheck: string[] = [];
  const stillDispatching: string[] = [];
  for (const payout of payouts) {
    const truth = transfersByPayout.get(payout.id)?.[0]?.status ?? 'none';
    if (!EXPECTED_PAYOUT_STATUSES[truth].includes(payout.status))
      mismatches.push(`${payout.id}: sandbox ${truth}, payout ${payout.status}`);
    if (payout.status === 'failed' && MONEY_MOVED.has(truth)) failedWhilePaid.push(`${payout.id}: sandbox ${truth}`);
    if (IN_FLIGHT.includes(payout.status) && payout.next_check_at === null) withoutNextCheck.push(payout.id);
    // Nothing is left half-done: a payout still waiting for dispatch or for its submission's answer lost its work.
    if (payout.status === 'pending' || payout.status === 'submitting')
      stillDispatching.push(`${payout.id}: ${payout.status}`);
  }

  const unacknowledged: string[] = [];
  for (const transfer of transfers) {
    const delivered = new Map<string, boolean>();
    for (const hook of transfer.webhooks) {
      const ok = hook.httpStatus !== null && hook.httpStatus >= 200 && hook.httpStatus < 300;
      delivered.set(String(hook.event), (delivered.get(String(hook.event)) ?? false) || ok);
    }
    for (const [event, ok] of delivered)
      if (!ok) unacknowledged.push(`${transfer.reference}: ${event} never got a 2xx`);
  }
  const inboxStatuses = Object.fromEntries(inbox.map((row) => [row.status, row.n]));
  const waitingRows = (inboxStatuses.received ?? 0) + (inboxStatuses.orphan ?? 0);
  const lostWebhooks = [
    ...unacknowledged,
    ...(waitingRows > 0 ? [`${waitingRows} inbox rows still received/orphan`] : []),
  ];

  const payoutsByReference = new Map<string, PayoutRow[]>();
  for (const payout of payouts) {
    if (payout.reference !== null)
      payoutsByReference.set(payout.reference, [...(payoutsByReference.get(payout.reference) ?? []), payout]);
  }
  const keys = new Set(params.intake.map((record) => record.key));
  const lostIntake: string[] = [];
  for (const record of params.intake) {
    const given = record.answers.filter((answer) => isSuccess(answer));
    const stored = payoutsByReference.get(record.key) ?? [];
    if (stored.length > 1) lostIntake.push(`${record.key}: ${stored.length} payouts for one key`);
    for (const answer of given) {
      if (!stored.some((payout) => payout.id === answer.payoutId))
        lostIntake.push(`${record.key}: answered ${answer.status} with ${answer.payoutId}, no such payout`);
    }
    if (given.length === 0) lostIntake.push(`${record.key}: never got a 2xx (${record.answers.map((a) => a.status)})`);
  }
  const phantoms = payouts.filter((payout) => payout.reference === null || !keys.has(payout.reference));
  for (const payout of phantoms) lostIntake.push(`${payout.id}: a payout no client request asked for`);
  lostIntake.push(...(params.replay?.mismatches ?? []));

  const replayErrors = replayEventLogs(payouts, events);
  const liveAttempts = countBy(
    attempts.filter((a) => a.status !== 'rejected'),
    (a) => a.payout_id,
  );
  const twoLive = Object.entries(liveAttempts)
    .filter(([, n]) => n > 1)
    .map(([id, n]) => `${id}: ${n} live attempts`);

  const answers = params.intake.flatMap((record) => record.answers);
  const statuses = countBy(payouts, (p) => p.status);
  const truthPairs = countBy(payouts, (p) => `${transfersByPayout.get(p.id)?.[0]?.status ?? 'none'}->${p.status}`);
  const lines = [
    line(
      'zero double payments',
      [...doublePaid.map(([id, list]) => `${id}: ${list.map((t) => t.reference).join(', ')}`), ...strayTransfers],
      `sandbox transfers ${transfers.length}, payouts with a transfer ${transfersByPayout.size}, ` +
        `payouts with more than one ${doublePaid.length}, transfers of no attempt ${strayTransfers.length}`,
    ),
    line('status agrees with the sandbox', mismatches, `sandbox->payout ${JSON.stringify(truthPairs)}`),
    line('never failed while money moved', failedWhilePaid, `failed payouts ${statuses.failed ?? 0}`),
    line(
      'zero lost webhooks',
      lostWebhooks,
      `inbox ${JSON.stringify(inboxStatuses)}, sandbox deliveries ${transfers.reduce((n, t) => n + t.webhooks.length, 0)}, ` +
        `events never acknowledged ${unacknowledged.length}`,
    ),
    line(
      'zero lost intake requests',
      lostIntake,
      `keys ${params.intake.length}, 2xx ${answers.filter(isSuccess).length}, 5xx ${answers.filter((a) => a.status >= 500).length}, ` +
        `no answer ${answers.filter((a) => a.status === 0).length}, 409 ${answers.filter((a) => a.status === 409).length}, ` +
        `keys retried ${params.intake.filter((r) => r.answers.length > 1).length}, payouts ${payouts.length}, ` +
        `replays checked ${params.replay?.checked ?? 0}`,
    ),
    line(
      'event log replays to the stored status',
      replayErrors,
      `payouts ${payouts.length}, applied events ${events.length}`,
    ),
    line(
      'every non-terminal payout has a next check',
      withoutNextCheck,
      `non-terminal ${payouts.filter((p) => IN_FLIGHT.includes(p.status)).length}`,
    ),
    line('no work left in pending/submitting', stillDispatching, `statuses ${JSON.stringify(statuses)}`),
    line('at most one live attempt per payout', twoLive, `attempts ${attempts.length}`),
  ];
  return { lines, ok: lines.every((l) => l.violations === 0), statuses, inboxStatuses };
}

export function formatReport(title: string, report: InvariantReport): string {
  const rows = report.lines.map(
    (l) =>
      `  ${l.violations === 0 ? 'ok  ' : 'FAIL'} ${l.name}: ${l.violations} violations (${l.detail})` +
      (l.examples.length > 0 ? `\n         e.g. ${l.examples.slice(0, 5).join('\n              ')}` : ''),
  );
  return [`${title}: ${report.ok ? 'every invariant holds' : 'INVARIANTS BROKEN'}`, ...rows].join('\n');
}
