import type { Pool } from 'pg';
import { IN_FLIGHT_STATUSES, RAIL_HOLD_SOURCE } from '@libs/payouts/domain';
import type { PayoutStatus } from '@libs/payouts/domain';
import { replayEventLogs, type AppliedEvent } from './event-log-replay';
import { EXPECTED_PAYOUT_STATUSES, MONEY_MOVED, type SandboxTransfer } from './payout-invariants';

/** The invariants a chaos run checks, by the names its report prints. */
export const CHAOS_INVARIANTS = [
  'at most one executed transfer per payout',
  'never failed or canceled while money moved',
  'status agrees with the provider or is flagged',
  'settles once the provider has decided',
  'event log replays to the status',
  'every non-terminal payout has a next check',
  'at most one live attempt per payout',
  'rejected or expired approval never sent',
  'a payout held for a closed rail has no live attempt and nothing at a provider',
  'a payout released from a rail hold is paid at most once',
  'an above-cap payout that succeeded went by EFT, not before the opening',
  'a payout that succeeded has its rail and expected completion',
  'a batch whose items are all final is closed, its counts matching',
  'batch.completed is sent once',
  'a batch needing approval is approved by a checker',
  'a rejected batch is canceled, its items never sent',
] as const;
export type ChaosInvariant = (typeof CHAOS_INVARIANTS)[number];

export interface ChaosViolation {
  payoutId: string;
  invariant: ChaosInvariant;
  detail: string;
}

export interface ChaosCheck {
  violations: ChaosViolation[];
  /** `<provider's record> -> <payout status>` counts, for the run's summary. */
  truthPairs: Record<string, number>;
  flagged: number;
  unsettled: number;
  /** Every attempt reference of the payouts checked, by payout. */
  referencesOf: Map<string, { provider: string; reference: string }[]>;
  /** How many of the payouts checked dispatch held `scheduled` for a closed rail (rail_closed) at least once. */
  railHeld: number;
}

/** The run's rails (money-movement.md): its FAST cap, and when EFT opened if it was closed at the start. Without
 * them the above-cap check is skipped. */
export interface ChaosRails {
  fastMaxAmount: bigint;
  opensAt?: Date;
}

interface PayoutRow {
  id: string;
  status: PayoutStatus;
  version: number;
  amount: string;
  next_check_at: Date | null;
  needs_attention: boolean;
  contradiction: boolean | null;
  failure_code: string | null;
  rail: string | null;
  expected_completion_at: Date | null;
}

const IN_FLIGHT: readonly PayoutStatus[] = IN_FLIGHT_STATUSES;

/**
 * The chaos run's end-of-batch invariants for the given payouts, against the provider's own record: the sandbox's
 * transfers found by each payout's amount (the runner gives every payout an amount of its own, so a transfer no
 * attempt of ours names is still found). Read-only.
 */
export async function checkChaosInvariants(
  sql: Pool,
  sandboxUrl: string,
  payoutIds: string[],
  rails?: ChaosRails,
): Promise<ChaosCheck> {
  // One snapshot for the rows, so a change committed between two reads never looks like a broken event log.
  const client = await sql.connect();
  let payouts: PayoutRow[];
  let attempts: { payout_id: string; provider: string; reference: string; status: string; created_at: Date }[];
  let railHolds: Set<string>;
  let events: AppliedEvent[];
  let waitingInbox: Set<string>;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    payouts = (
      await client.query<PayoutRow>(
        `SELECT id, status, version, amount::text AS amount, next_check_at, needs_attention, contradiction,
           failure->>'code' AS failure_code, rail, expected_completion_at
         FROM payouts WHERE id = ANY($1::uuid[])`,
        [payoutIds],
      )
    ).rows;
    attempts = (
      await client.query<{ payout_id: string; provider: string; reference: string; status: string; created_at: Date }>(
        `SELECT payout_id, provider, reference, status, created_at FROM payout_attempts WHERE payout_id = ANY($1::uuid[])
         ORDER BY created_at`,
        [payoutIds],
      )
    ).rows;
    events = (
      await client.query<AppliedEvent>(
        `SELECT payout_id, version, from_status, to_status FROM payout_events
         WHERE applied AND payout_id = ANY($1::uuid[]) ORDER BY payout_id, version, id`,
        [payoutIds],
      )
    ).rows;
    // The rail hold is the one move to `scheduled` dispatch makes (RAIL_HOLD_SOURCE; rail-decision.ts).
    railHolds = new Set(
      (
        await client.query<{ payout_id: string }>(
          `SELECT DISTINCT payout_id FROM payout_events
           WHERE applied AND to_status = 'scheduled' AND source = $2 AND payout_id = ANY($1::uuid[])`,
          [payoutIds, RAIL_HOLD_SOURCE],
        )
      ).rows.map((row) => row.payout_id),
    );
    // A webhook still waiting in the inbox (e.g. claimed by a worker that was killed) has not been applied yet.
    waitingInbox = new Set(
      (
        await client.query<{ payout_id: string }>(
          `SELECT DISTINCT a.payout_id FROM webhook_inbox w
           JOIN payout_attempts a ON a.reference = w.reference OR a.id = w.attempt_id
           WHERE w.status = 'received' AND a.payout_id = ANY($1::uuid[])`,
          [payoutIds],
        )
      ).rows.map((row) => row.payout_id),
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const transfersOf = await transfersByAmount(
    sandboxUrl,
    payouts.map((p) => p.amount),
  );

  const referencesOf = new Map<string, { provider: string; reference: string }[]>();
  const live = new Map<string, number>();
  const firstAttemptAt = new Map<string, Date>();
  for (const attempt of attempts) {
    if (!firstAttemptAt.has(attempt.payout_id)) firstAttemptAt.set(attempt.payout_id, attempt.created_at);
    referencesOf.set(attempt.payout_id, [
      ...(referencesOf.get(attempt.payout_id) ?? []),
      { provider: attempt.provider, reference: attempt.reference },
    ]);
    if (attempt.status !== 'rejected') live.set(attempt.payout_id, (live.get(attempt.payout_id) ?? 0) + 1);
  }

  // money-movement.md: manual review clears the expected completion and only an acceptance sets it (decision 0015),
  // so a payout released from manual review to `succeeded` keeps none.
  const reviewed = new Set(events.filter((e) => e.to_status === 'manual_review').map((e) => e.payout_id));
  const violations: ChaosViolation[] = [];
  const add = (payoutId: string, invariant: ChaosInvariant, detail: string) =>
    violations.push({ payoutId, invariant, detail });
  const truthPairs: Record<string, number> = {};
  let flagged = 0;
  let unsettled = 0;
  for (const payout of payouts) {
    const transfers = transfersOf.get(payout.amount) ?? [];
    const executed = transfers.filter((t) => MONEY_MOVED.has(t.status));
    const isFlagged = payout.needs_attention || payout.contradiction === true;
    if (isFlagged) flagged++;
    const describe = (list: readonly SandboxTransfer[]) =>
      list.map((t) => `${t.provider}:${t.reference} ${t.status}`).join(', ');
    if (executed.length > 1) add(payout.id, 'at most one executed transfer per payout', describe(executed));
    if ((payout.status === 'failed' || payout.status === 'canceled') && executed.length > 0)
      add(payout.id, 'never failed or canceled while money moved', `payout ${payout.status}; ${describe(executed)}`);
    const truth = executed.length === 1 ? executed[0].status : transfers.length > 0 ? 'rejected' : 'none';
    truthPairs[`${truth}->${payout.status}`] = (truthPairs[`${truth}->${payout.status}`] ?? 0) + 1;
    const isFinalTruth = truth === 'sent' || truth === 'returned' || truth === 'rejected';
    const isWaiting = IN_FLIGHT.includes(payout.status) || waitingInbox.has(payout.id);
    if (
      executed.length <= 1 &&
      !isFlagged &&
      isFinalTruth &&
      isWaiting &&
      !EXPECTED_PAYOUT_STATUSES[truth].includes(payout.status)
    )
      // Not wrong yet, but the provider decided long ago (the batch waited for quiescence): stuck, or polled too late.
      add(
        payout.id,
        'settles once the provider has decided',
        `provider ${truth}, payout still ${payout.status} (next check ${payout.next_check_at?.toISOString() ?? '-'}` +
          `${waitingInbox.has(payout.id) ? ', a webhook still waits in the inbox' : ''})`,
      );
    else if (executed.length <= 1 && !EXPECTED_PAYOUT_STATUSES[truth].includes(payout.status) && !isFlagged)
      add(
        payout.id,
        'status agrees with the provider or is flagged',
        `provider ${truth}${transfers.length ? ` (${describe(transfers)})` : ''}, payout ${payout.status}, not flagged`,
      );
    if (IN_FLIGHT.includes(payout.status)) {
      if (!isFlagged) unsettled++;
      if (payout.next_check_at === null)
        add(payout.id, 'every non-terminal payout has a next check', `payout ${payout.status}, next_check_at null`);
    }
    // A payout an approver rejected, or nobody approved in time, was never routed: no attempt, nothing at a provider.
    if (
      (payout.failure_code === 'rejected_by_approver' || payout.failure_code === 'approval_expired') &&
      (transfers.length > 0 || (referencesOf.get(payout.id) ?? []).length > 0)
    )
      add(
        payout.id,
        'rejected or expired approval never sent',
        `${payout.failure_code}; attempts ${(referencesOf.get(payout.id) ?? []).length}, transfers ${describe(transfers)}`,
      );
    if ((live.get(payout.id) ?? 0) > 1)
      add(payout.id, 'at most one live attempt per payout', `${live.get(payout.id)} attempts not rejected`);
    // Redundant with the first invariant on purpose: the release puts a held payout back to pending, routed afresh,
    // and a second send there is the failure this path could add; named so the report says which path paid twice.
    if (railHolds.has(payout.id) && executed.length > 1)
      add(payout.id, 'a payout released from a rail hold is paid at most once', describe(executed));
    if (rails && payout.status === 'succeeded' && BigInt(payout.amount) > rails.fastMaxAmount) {
      const firstAt = firstAttemptAt.get(payout.id);
      if (payout.rail !== 'eft' || (rails.opensAt !== undefined && firstAt !== undefined && firstAt < rails.opensAt))
        add(
          payout.id,
          'an above-cap payout that succeeded went by EFT, not before the opening',
          `rail ${payout.rail ?? 'null'}, first attempt ${firstAt?.toISOString() ?? '-'}, ` +
            `EFT opened ${rails.opensAt?.toISOString() ?? 'before the run'}`,
        );
    }
    if (
      payout.status === 'succeeded' &&
      (payout.rail === null || (payout.expected_completion_at === null && !reviewed.has(payout.id)))
    )
      add(
        payout.id,
        'a payout that succeeded has its rail and expected completion',
        `rail ${payout.rail ?? 'null'}, expected completion ${payout.expected_completion_at?.toISOString() ?? 'null'}`,
      );
  }
  for (const error of replayEventLogs(payouts, events)) {
    const payoutId = error.slice(0, error.indexOf(':'));
    add(payoutId, 'event log replays to the status', error.slice(error.indexOf(':') + 2));
  }
  return { violations, truthPairs, flagged, unsettled, referencesOf, railHeld: railHolds.size };
}

/**
 * Taken while EFT is still closed (before `rails.opensAt`): every payout held `scheduled` for a closed rail now has no
 * attempt that is not rejected and nothing at a provider that is not rejected (its amount is its own). Before the
 * opening nothing may move such a payout, so the two reads one after the other cannot race a release.
 */
export async function checkRailHeldNow(
  sql: Pool,
  sandboxUrl: string,
): Promise<{ held: string[]; violations: ChaosViolation[] }> {
  const { rows } = await sql.query<{ id: string; amount: string; live: number }>(
    `SELECT p.id, p.amount::text AS amount,
       (SELECT count(*)::int FROM payout_attempts a WHERE a.payout_id = p.id AND a.status <> 'rejected') AS live
     FROM payouts p WHERE p.status = 'scheduled' AND p.hold_reason = 'rail_closed'`,
  );
  const transfersOf = await transfersByAmount(
    sandboxUrl,
    rows.map((row) => row.amount),
  );
  const violations: ChaosViolation[] = [];
  for (const row of rows) {
    const moving = (transfersOf.get(row.amount) ?? []).filter((t) => t.status !== 'rejected');
    if (row.live > 0 || moving.length > 0)
      violations.push({
        payoutId: row.id,
        invariant: 'a payout held for a closed rail has no live attempt and nothing at a provider',
        detail:
          `scheduled (rail_closed) with ${row.live} attempt(s) not rejected; at the provider: ` +
          (moving.map((t) => `${t.provider}:${t.reference} ${t.status}`).join(', ') || 'nothing'),
      });
  }
  return { held: rows.map((row) => row.id), violations };
}

/** The sandbox's transfers for each amount (one request per amount, a few at a time). */
async function transfersByAmount(
  sandboxUrl: string,
  amounts: readonly string[],
): Promise<Map<string, SandboxTransfer[]>> {
  const found = new Map<string, SandboxTransfer[]>();
  let next = 0;
  const lane = async () => {
    while (next < amounts.length) {
      const amount = amounts[next++];
      const response = await fetch(`${sandboxUrl}/_sandbox/transfers?amount=${amount}`);
      found.set(amount, ((await response.json()) as { data: SandboxTransfer[] }).data);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return found;
}

const FINAL_STATUSES = ['succeeded', 'returned', 'failed', 'canceled'];

/**
 * The batch checks of the chaos run (decision 0012), with the batch's id as the violation's payout id: once every item
 * is final the batch is `completed` (or `canceled` when every item was) with a completion time, and
 * `batch.completed` was written once (one delivery row) and received once (distinct message ids the run's receiver
 * got). A batch with items still in flight (flagged for ops) stays open: not a violation, `open` is reported.
 */
export async function checkBatchInvariants(
  sql: Pool,
  batchId: string,
  receivedMessageIds: readonly string[],
): Promise<{ violations: ChaosViolation[]; status: string; counts: Record<string, number>; open: number }> {
  const violations: ChaosViolation[] = [];
  const [batch] = (
    await sql.query<{ status: string; completed_at: Date | null }>(
      'SELECT status, completed_at FROM payout_batches WHERE id = $1',
      [batchId],
    )
  ).rows;
  const counts = Object.fromEntries(
    (
      await sql.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM payouts WHERE batch_id = $1 GROUP BY status',
        [batchId],
      )
    ).rows.map((row) => [row.status, row.n]),
  ) as Record<string, number>;
  const open = Object.entries(counts)
    .filter(([status]) => !FINAL_STATUSES.includes(status))
    .reduce((n, [, count]) => n + count, 0);
  const deliveries = (
    await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM notification_deliveries WHERE batch_id = $1', [
      batchId,
    ])
  ).rows[0].n;
  const received = new Set(receivedMessageIds).size;
  const closedAs = Object.keys(counts).every((status) => status === 'canceled') ? 'canceled' : 'completed';
  if (open === 0 && (batch.status !== closedAs || batch.completed_at === null)) {
    violations.push({
      payoutId: batchId,
      invariant: 'a batch whose items are all final is closed, its counts matching',
      detail: `every item final (${JSON.stringify(counts)}) but the batch is ${batch.status}`,
    });
  }
  if (open > 0 && batch.status !== 'open') {
    violations.push({
      payoutId: batchId,
      invariant: 'a batch whose items are all final is closed, its counts matching',
      detail: `${open} item(s) still in flight but the batch is ${batch.status}`,
    });
  }
  if (open === 0 && (deliveries !== 1 || received !== 1)) {
    violations.push({
      payoutId: batchId,
      invariant: 'batch.completed is sent once',
      detail: `${deliveries} delivery row(s), ${received} distinct message(s) received`,
    });
  }
  if (open > 0 && (deliveries !== 0 || received !== 0)) {
    violations.push({
      payoutId: batchId,
      invariant: 'batch.completed is sent once',
      detail: `sent while ${open} item(s) are in flight (${deliveries} row(s), ${received} message(s))`,
    });
  }
  return { violations, status: batch.status, counts, open };
}

/**
 * A batch a checker rejected (decision 0013), with its id as the violation's payout id: every item `canceled` as
 * `rejected_by_approver` with no attempt at all (never sent), and the batch `canceled`.
 */
export async function checkRejectedBatch(sql: Pool, batchId: string): Promise<ChaosViolation[]> {
  const { rows } = await sql.query<{ status: string; code: string | null; attempts: number }>(
    `SELECT p.status, p.failure->>'code' AS code,
       (SELECT count(*)::int FROM payout_attempts a WHERE a.payout_id = p.id) AS attempts
     FROM payouts p WHERE p.batch_id = $1`,
    [batchId],
  );
  const [batch] = (await sql.query<{ status: string }>('SELECT status FROM payout_batches WHERE id = $1', [batchId]))
    .rows;
  const wrong = rows.filter((row) => row.status !== 'canceled' || row.code !== 'rejected_by_approver' || row.attempts);
  if (wrong.length === 0 && batch?.status === 'canceled') return [];
  return [
    {
      payoutId: batchId,
      invariant: 'a rejected batch is canceled, its items never sent',
      detail: `batch ${batch?.status}; items ${JSON.stringify(wrong)}`,
    },
  ];
}
