import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogWriter } from '@libs/clients';
import type { ListedTransfer } from '@libs/providers/contract';
import { OUR_LISTED_STATUS_SQL, STATUS_MISMATCH_SQL, type DiscrepancyKind, type RunStatus } from '../domain';
import {
  RECONCILIATION_RUNS_QUEUE,
  RUN_RECONCILIATION_JOB,
  RunMovedOnError,
  type NewRun,
  type ReconciliationRunStore,
  type RunItemRecord,
  type RunRecord,
} from '../application/reconciliation-run.port';

interface RunRow {
  id: string;
  provider: string;
  from_at: Date;
  to_at: Date;
  status: RunStatus;
  reason: string;
  requested_by: string | null;
  cursor: string | null;
  pages: number;
  listed_count: number;
  listing_done: boolean;
  matched: number;
  missing_at_provider: number;
  unknown_at_provider: number;
  amount_mismatch: number;
  status_mismatch: number;
  failure: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const toRun = (row: RunRow): RunRecord => ({
  id: row.id,
  provider: row.provider,
  from: row.from_at,
  to: row.to_at,
  status: row.status,
  reason: row.reason,
  requestedBy: row.requested_by,
  cursor: row.cursor,
  pages: row.pages,
  listedCount: row.listed_count,
  listingDone: row.listing_done,
  counts: {
    matched: row.matched,
    missingAtProvider: row.missing_at_provider,
    unknownAtProvider: row.unknown_at_provider,
    amountMismatch: row.amount_mismatch,
    statusMismatch: row.status_mismatch,
  },
  failure: row.failure,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

interface ItemRow {
  id: string;
  run_id: string;
  kind: DiscrepancyKind;
  payout_id: string | null;
  our_reference: string | null;
  our_amount: string | null;
  our_currency: string | null;
  our_status: string | null;
  provider_id: string | null;
  provider_reference: string | null;
  provider_amount: string | null;
  provider_currency: string | null;
  provider_status: string | null;
  provider_created_at: Date | null;
  provider_problem: string | null;
  flagged_at: Date | null;
}

const toItem = (row: ItemRow): RunItemRecord => ({
  id: row.id,
  runId: row.run_id,
  kind: row.kind,
  payoutId: row.payout_id,
  ourReference: row.our_reference,
  ourAmount: row.our_amount === null ? null : BigInt(row.our_amount),
  ourCurrency: row.our_currency?.trim() ?? null,
  ourStatus: row.our_status,
  providerId: row.provider_id,
  providerReference: row.provider_reference,
  providerAmount: row.provider_amount === null ? null : BigInt(row.provider_amount),
  providerCurrency: row.provider_currency,
  providerStatus: row.provider_status,
  providerCreatedAt: row.provider_created_at,
  providerProblem: row.provider_problem,
  flaggedAt: row.flagged_at,
});

/**
 * Our attempts at the run's provider whose payouts were created in the run's period (`$2` provider, `$3`/`$4` the
 * period), with our status in the listing's words. Only live attempts (not proved unexecuted) are expected there.
 */
const OURS = `
  SELECT p.id AS payout_id, a.id AS attempt_id, a.reference, p.amount, p.currency::text AS currency, p.status,
         ${OUR_LISTED_STATUS_SQL} AS listed
  FROM payouts p
  JOIN payout_attempts a ON a.payout_id = p.id AND a.provider = $2 AND a.status <> 'rejected'
  WHERE p.created_at >= $3 AND p.created_at < $4`;

/** Listing rows matched to one of our attempts whose payout is in the period, both sides side by side. */
const PAIRS = `
  SELECT s.*, p.id AS payout_id, a.reference AS our_reference, p.amount AS our_amount,
         p.currency::text AS our_currency, p.status AS our_status, ${OUR_LISTED_STATUS_SQL} AS listed
  FROM reconciliation_listed_transfers s
  JOIN payout_attempts a ON a.id = s.attempt_id AND a.provider = $2
  JOIN payouts p ON p.id = a.payout_id
  WHERE s.run_id = $1 AND p.created_at >= $3 AND p.created_at < $4`;

const AMOUNT_MISMATCH = `(x.amount IS NULL OR x.amount <> x.our_amount OR x.currency IS DISTINCT FROM x.our_currency)`;
const STATUS_MISMATCH = STATUS_MISMATCH_SQL('x.listed', 'x.status');

const ITEM_COLUMNS = `run_id, kind, payout_id, our_reference, our_amount, our_currency, our_status, provider_id,
  provider_reference, provider_amount, provider_currency, provider_status, provider_created_at, provider_problem`;

export class TypeOrmReconciliationRunStore implements ReconciliationRunStore {
  constructor(private readonly dataSource: DataSource) {}

  startOrFind(run: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: RunRow[] = await manager.query(
        `INSERT INTO reconciliation_runs
           (id, provider, from_at, to_at, status, reason, requested_by, started_at, progressed_at)
         VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $7)
         ON CONFLICT ON CONSTRAINT reconciliation_runs_period_unique DO NOTHING
         RETURNING *`,
        [run.id, run.provider, run.from, run.to, run.reason, run.requestedBy, run.startedAt],
      );
      if (inserted.length === 1) {
        await this.enqueue(manager, run.id);
        await this.audit(manager, run, run.id, 'reconciliation_run.started');
        return { run: toRun(inserted[0]), created: true };
      }
      const [existing]: RunRow[] = await manager.query(
        `SELECT * FROM reconciliation_runs WHERE provider = $1 AND from_at = $2 AND to_at = $3 FOR UPDATE`,
        [run.provider, run.from, run.to],
      );
      if (existing.status !== 'failed') return { run: toRun(existing), created: false };
      // As a CTE: TypeORM answers an UPDATE with [rows, count], a SELECT with the rows.
      const [reopened]: RunRow[] = await manager.query(
        `WITH reopened AS (
           UPDATE reconciliation_runs SET status = 'running', failure = NULL, finished_at = NULL, progressed_at = $2
           WHERE id = $1 RETURNING *
         )
         SELECT * FROM reopened`,
        [existing.id, run.startedAt],
      );
      await this.enqueue(manager, existing.id);
      await this.audit(manager, run, existing.id, 'reconciliation_run.resumed');
      return { run: toRun(reopened), created: false };
    });
  }

  async find(id: string): Promise<RunRecord | undefined> {
    const [row]: RunRow[] = await this.dataSource.query(`SELECT * FROM reconciliation_runs WHERE id = $1`, [id]);
    return row ? toRun(row) : undefined;
  }

  async list(limit: number, before?: { startedAt: Date; id: string }): Promise<RunRecord[]> {
    const rows: RunRow[] = before
      ? await this.dataSource.query(
          `SELECT * FROM reconciliation_runs WHERE (started_at, id) < ($1, $2)
           ORDER BY started_at DESC, id DESC LIMIT $3`,
          [before.startedAt, before.id, limit],
        )
      : await this.dataSource.query(`SELECT * FROM reconciliation_runs ORDER BY started_at DESC, id DESC LIMIT $1`, [
          limit,
        ]);
    return rows.map(toRun);
  }

  /**
   * Not async: the rows are written out as one JSON text before the transaction starts, so the page's objects (and the
   * strings they hold) die here, young, instead of living through its round trips and being promoted with them.
   */
  stagePage(
    runId: string,
    afterPages: number,
    items: readonly ListedTransfer[],
    nextCursor: string | null,
  ): Promise<void> {
    const count = items.length;
    const rows = count > 0 ? JSON.stringify(items.map(stagedRow)) : null;
    return this.dataSource.transaction(async (manager) => {
      const [run]: RunRow[] = await manager.query(`SELECT * FROM reconciliation_runs WHERE id = $1 FOR UPDATE`, [
        runId,
      ]);
      if (!run || run.listing_done || run.status !== 'running' || run.pages !== afterPages) {
        throw new RunMovedOnError(`run ${runId} moved on`);
      }
      if (rows !== null) {
        // seq continues after the rows staged before, in the page's order (WITH ORDINALITY counts from 1).
        await manager.query(
          `INSERT INTO reconciliation_listed_transfers
             (run_id, seq, provider_id, reference, amount, currency, status, provider_status, created_at, problem)
           SELECT $1, $3::int + r.n::int - 1, r.provider_id, r.reference, r.amount::bigint, r.currency, r.status,
                  r.provider_status, r.created_at::timestamptz, r.problem
           FROM ROWS FROM (
             jsonb_to_recordset($2::jsonb)
               AS (provider_id text, reference text, amount text, currency text, status text, provider_status text,
                   created_at text, problem text)
           ) WITH ORDINALITY
             AS r(provider_id, reference, amount, currency, status, provider_status, created_at, problem, n)
           ON CONFLICT DO NOTHING`,
          [runId, rows, run.listed_count],
        );
      }
      await manager.query(
        `UPDATE reconciliation_runs
         SET cursor = $2, pages = pages + 1, listed_count = listed_count + $3, listing_done = $4, progressed_at = now()
         WHERE id = $1`,
        [runId, nextCursor, count, nextCursor === null],
      );
    });
  }

  compare(run: RunRecord): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM reconciliation_runs WHERE id = $1 FOR UPDATE`, [run.id]);
      const [done] = await manager.query(`SELECT 1 FROM reconciliation_items WHERE run_id = $1 LIMIT 1`, [run.id]);
      if (done) return;
      const period = [run.id, run.provider, run.from, run.to];
      // Our reference when the listing carries it, else the provider's id: both are indexed on payout_attempts.
      await manager.query(
        `UPDATE reconciliation_listed_transfers s SET attempt_id = a.id
         FROM payout_attempts a
         WHERE s.run_id = $1 AND s.reference IS NOT NULL AND a.reference = s.reference AND a.provider = $2`,
        period.slice(0, 2),
      );
      await manager.query(
        `UPDATE reconciliation_listed_transfers s SET attempt_id = a.id
         FROM payout_attempts a
         WHERE s.run_id = $1 AND s.attempt_id IS NULL AND s.provider_id IS NOT NULL
           AND a.provider = $2 AND a.provider_id = s.provider_id`,
        period.slice(0, 2),
      );
      await manager.query(
        `INSERT INTO reconciliation_items (run_id, kind, payout_id, our_reference, our_amount, our_currency, our_status)
         SELECT $1, 'missingAtProvider', o.payout_id, o.reference, o.amount, o.currency, o.status
         FROM (${OURS}) o
         WHERE NOT EXISTS (
           SELECT 1 FROM reconciliation_listed_transfers s WHERE s.run_id = $1 AND s.attempt_id = o.attempt_id
         )
         ORDER BY o.payout_id`,
        period,
      );
      await manager.query(
        `INSERT INTO reconciliation_items (${ITEM_COLUMNS})
         SELECT $1, 'unknownAtProvider', NULL, NULL, NULL, NULL, NULL, s.provider_id, s.reference, s.amount,
                s.currency, s.status, s.created_at, s.problem
         FROM reconciliation_listed_transfers s
         WHERE s.run_id = $1 AND s.attempt_id IS NULL
           AND (s.created_at IS NULL OR (s.created_at >= $2 AND s.created_at < $3))
         ORDER BY s.seq`,
        [run.id, run.from, run.to],
      );
      for (const [kind, condition] of [
        ['amountMismatch', AMOUNT_MISMATCH],
        ['statusMismatch', STATUS_MISMATCH],
      ] as const) {
        await manager.query(
          `INSERT INTO reconciliation_items (${ITEM_COLUMNS})
           SELECT $1, '${kind}', x.payout_id, x.our_reference, x.our_amount, x.our_currency, x.our_status,
                  x.provider_id, x.reference, x.amount, x.currency, x.status, x.created_at, x.problem
           FROM (${PAIRS}) x
           WHERE ${condition}
           ORDER BY x.seq`,
          period,
        );
      }
      await manager.query(
        `UPDATE reconciliation_runs r SET
           matched = (SELECT count(*) FROM (${PAIRS}) x WHERE NOT ${AMOUNT_MISMATCH} AND NOT ${STATUS_MISMATCH}),
           missing_at_provider = c.missing, unknown_at_provider = c.unknown,
           amount_mismatch = c.amount, status_mismatch = c.status
         FROM (
           SELECT count(*) FILTER (WHERE kind = 'missingAtProvider') AS missing,
                  count(*) FILTER (WHERE kind = 'unknownAtProvider') AS unknown,
                  count(*) FILTER (WHERE kind = 'amountMismatch') AS amount,
                  count(*) FILTER (WHERE kind = 'statusMismatch') AS status
           FROM reconciliation_items WHERE run_id = $1
         ) c
         WHERE r.id = $1`,
        period,
      );
    });
  }

  requeueStalled(progressedBefore: Date, limit: number): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `WITH moved AS (
           UPDATE reconciliation_runs SET progressed_at = now()
           WHERE id IN (
             SELECT id FROM reconciliation_runs WHERE status = 'running' AND progressed_at < $1
             ORDER BY progressed_at LIMIT $2 FOR UPDATE SKIP LOCKED
           )
           RETURNING id
         )
         SELECT id FROM moved`,
        [progressedBefore, limit],
      );
      for (const { id } of rows) await this.enqueue(manager, id);
      return rows.map((row) => row.id);
    });
  }

  async unflagged(runId: string, afterId: string | undefined, limit: number): Promise<RunItemRecord[]> {
    const rows: ItemRow[] = await this.dataSource.query(
      `SELECT * FROM reconciliation_items
       WHERE run_id = $1 AND flagged_at IS NULL AND ($2::bigint IS NULL OR id > $2::bigint)
       ORDER BY id LIMIT $3`,
      [runId, afterId ?? null, limit],
    );
    return rows.map(toItem);
  }

  async markFlagged(itemIds: readonly string[], at: Date): Promise<void> {
    if (itemIds.length === 0) return;
    await this.dataSource.query(`UPDATE reconciliation_items SET flagged_at = $2 WHERE id = ANY($1::bigint[])`, [
      itemIds,
      at,
    ]);
  }

  complete(runId: string, at: Date): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE reconciliation_runs SET status = 'completed', cursor = NULL, finished_at = $2
         WHERE id = $1 AND status = 'running'`,
        [runId, at],
      );
      await manager.query(`DELETE FROM reconciliation_listed_transfers WHERE run_id = $1`, [runId]);
    });
  }

  async fail(runId: string, failure: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliation_runs SET status = 'failed', failure = $2, finished_at = $3
       WHERE id = $1 AND status = 'running'`,
      [runId, failure, at],
    );
  }

  async items(
    runId: string,
    options: { kind?: DiscrepancyKind; afterId?: string; limit: number },
  ): Promise<RunItemRecord[]> {
    const rows: ItemRow[] = await this.dataSource.query(
      `SELECT * FROM reconciliation_items
       WHERE run_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::bigint IS NULL OR id > $3::bigint)
       ORDER BY id LIMIT $4`,
      [runId, options.kind ?? null, options.afterId ?? null, options.limit],
    );
    return rows.map(toItem);
  }

  /** Who started (or resumed) the run and why, with the change (api.md: ops calls are audited). */
  private async audit(manager: EntityManager, run: NewRun, runId: string, action: string): Promise<void> {
    await new AuditLogWriter(manager).write(
      {
        actorClientId: run.requestedBy,
        action,
        subjectType: 'reconciliation_run',
        subjectId: runId,
        reason: run.reason,
        details: { provider: run.provider, from: run.from.toISOString(), to: run.to.toISOString() },
      },
      run.startedAt,
    );
  }

  private async enqueue(manager: EntityManager, runId: string): Promise<void> {
    await manager.query('SELECT add_outbox_messages($1::jsonb)', [
      JSON.stringify([{ queue: RECONCILIATION_RUNS_QUEUE, jobName: RUN_RECONCILIATION_JOB, payload: { runId } }]),
    ]);
  }
}

/** A listing row as jsonb_to_recordset reads it: the amount as text (bigint), the time as ISO text. */
function stagedRow(item: ListedTransfer): Record<string, string | number | null> {
  return {
    provider_id: item.providerId ?? null,
    reference: item.reference ?? null,
    amount: item.amount?.toString() ?? null,
    currency: item.currency ?? null,
    status: item.status,
    provider_status: item.providerStatus ?? null,
    created_at: item.createdAt?.toISOString() ?? null,
    problem: item.problem ?? null,
  };
}
