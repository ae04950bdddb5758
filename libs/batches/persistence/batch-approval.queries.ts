import type { DataSource } from 'typeorm';
import { AuditLogWriter } from '@libs/clients';
import { VoteTakenError } from '@libs/payouts/application';
import type { ApprovalRecord } from '@libs/payouts/domain';
import type { BatchApprovalRows, BatchVoteWrite } from '../application/decide-batch-approval';
import type { BatchStatus, BatchToDecide, BatchVote } from '../domain';

const LOCK_BATCH = `SELECT id, client_id, status, approval FROM payout_batches WHERE id = $1 FOR UPDATE`;

const INSERT_VOTE = `INSERT INTO batch_approvals (batch_id, client_id, decision, reason, created_at)
  VALUES ($1, $2, $3, $4, $5)`;

const UPDATE_BATCH = `UPDATE payout_batches SET status = $2, approval = $3, updated_at = $4 WHERE id = $1`;

/**
 * The vote onto every item still awaiting approval (one statement): the approval record the item's own transition
 * reads (batchItemDecision), and, when the vote decides the batch, when the expiry job takes over an item left behind.
 * No status changes here: each item's status changes through TransitionPayout.
 */
const UPDATE_ITEMS = `UPDATE payouts SET approval = $2, next_check_at = COALESCE($3, next_check_at)
  WHERE batch_id = $1 AND status = 'awaiting_approval'`;

interface BatchRow {
  id: string;
  client_id: string;
  status: BatchStatus;
  approval: ApprovalRecord | null;
}

const isVoteTaken = (error: unknown): boolean =>
  (error as { code?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'batch_approvals_pkey';

/** BatchApprovalRows on Postgres (decision 0013). */
export class BatchApprovalQueries implements BatchApprovalRows {
  constructor(private readonly dataSource: DataSource) {}

  async vote(
    batchId: string,
    decide: (batch: BatchToDecide) => BatchVote,
    write: (vote: BatchVote, batch: BatchToDecide) => BatchVoteWrite,
  ): Promise<BatchVote | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const rows: BatchRow[] = await manager.query(LOCK_BATCH, [batchId]);
      if (rows.length === 0) return undefined;
      const row = rows[0];
      const batch: BatchToDecide = { id: row.id, clientId: row.client_id, status: row.status, approval: row.approval };
      const vote = decide(batch);
      const written = write(vote, batch);
      try {
        await manager.query(INSERT_VOTE, [
          batchId,
          written.vote.clientId,
          written.vote.decision,
          written.vote.reason,
          written.now,
        ]);
      } catch (error) {
        if (isVoteTaken(error)) throw new VoteTakenError(batchId, written.vote.clientId);
        throw error;
      }
      const approval = JSON.stringify(vote.approval);
      await manager.query(UPDATE_BATCH, [batchId, vote.status, approval, written.now]);
      await manager.query(UPDATE_ITEMS, [batchId, approval, vote.outcome === null ? null : written.recheckAt]);
      await new AuditLogWriter(manager).write(written.audit, written.now);
      return vote;
    });
  }

  async itemsAwaiting(batchId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM payouts WHERE batch_id = $1 AND status = 'awaiting_approval' ORDER BY id`,
      [batchId],
    );
    return rows.map((row) => row.id);
  }
}
