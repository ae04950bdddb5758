import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batch approvals (decision 0013).
 *
 * - `batch_approvals`: one row per approver's decision on a batch; its primary key (batch_id, client_id) is the "one
 *   vote per client" rule, as payout_approvals' is for a payout. Written in the transaction that locks the batch row and
 *   records the vote on the batch (and on its items awaiting approval).
 * - `payout_batches_awaiting_approval_idx`: the approvals queue of batches (`GET /v1/approvals?kind=batch`, /ops),
 *   oldest first.
 */
export class AddBatchApprovals1797100000000 implements MigrationInterface {
  name = 'AddBatchApprovals1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "batch_approvals" (
        "batch_id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "decision" text NOT NULL,
        "reason" text,
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "batch_approvals_pkey" PRIMARY KEY ("batch_id", "client_id"),
        CONSTRAINT "batch_approvals_decision_check" CHECK (decision IN ('approve', 'reject')),
        CONSTRAINT "batch_approvals_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "payout_batches"("id"),
        CONSTRAINT "batch_approvals_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "payout_batches_awaiting_approval_idx" ON "payout_batches" ("created_at", "id") WHERE status = 'awaiting_approval'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."payout_batches_awaiting_approval_idx"`);
    await queryRunner.query(`DROP TABLE "batch_approvals"`);
  }
}
