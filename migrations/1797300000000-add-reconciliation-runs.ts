import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation runs (money-movement.md "Reconciliation reports", decision 0016).
 *
 * - `reconciliation_runs`: one row per (provider, from_at, to_at) — the unique constraint is what makes a second POST
 *   answer the existing run. `cursor` is the listing's next page, written with each staged page, so a retried job
 *   resumes there; `progressed_at` moves with every step, so a running run that stopped moving (its job lost with
 *   Redis) is found and given a new job (lifecycle invariant 8).
 * - `reconciliation_listed_transfers`: the provider's listing staged page by page, so the compare is set-based SQL in
 *   constant memory; a completed run deletes its rows.
 * - `reconciliation_items`: the discrepancies only, both sides, keyset-paged by id (per kind or all).
 */
export class AddReconciliationRuns1797300000000 implements MigrationInterface {
  name = 'AddReconciliationRuns1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "reconciliation_runs" (
        "id" uuid NOT NULL,
        "provider" text NOT NULL,
        "from_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "to_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" text NOT NULL,
        "reason" text NOT NULL,
        "requested_by" uuid,
        "cursor" text,
        "pages" integer NOT NULL DEFAULT '0',
        "listed_count" integer NOT NULL DEFAULT '0',
        "listing_done" boolean NOT NULL DEFAULT false,
        "matched" integer NOT NULL DEFAULT '0',
        "missing_at_provider" integer NOT NULL DEFAULT '0',
        "unknown_at_provider" integer NOT NULL DEFAULT '0',
        "amount_mismatch" integer NOT NULL DEFAULT '0',
        "status_mismatch" integer NOT NULL DEFAULT '0',
        "failure" text,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "progressed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "reconciliation_runs_period_unique" UNIQUE ("provider", "from_at", "to_at"),
        CONSTRAINT "reconciliation_runs_period_check" CHECK (from_at < to_at),
        CONSTRAINT "reconciliation_runs_status_check" CHECK (status IN ('running', 'completed', 'failed')),
        CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "reconciliation_runs_started_idx" ON "reconciliation_runs" ("started_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "reconciliation_runs_running_idx" ON "reconciliation_runs" ("progressed_at") WHERE status = 'running'`,
    );
    await queryRunner.query(`
      CREATE TABLE "reconciliation_listed_transfers" (
        "run_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "provider_id" text,
        "reference" text,
        "amount" bigint,
        "currency" text,
        "status" text NOT NULL,
        "provider_status" text,
        "created_at" TIMESTAMP WITH TIME ZONE,
        "problem" text,
        "attempt_id" uuid,
        CONSTRAINT "reconciliation_listed_transfers_pkey" PRIMARY KEY ("run_id", "seq"),
        CONSTRAINT "reconciliation_listed_transfers_run_id_fkey" FOREIGN KEY ("run_id")
          REFERENCES "reconciliation_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "reconciliation_listed_transfers_attempt_idx" ON "reconciliation_listed_transfers" ("run_id", "attempt_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "reconciliation_items" (
        "id" BIGSERIAL NOT NULL,
        "run_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "payout_id" uuid,
        "our_reference" text,
        "our_amount" bigint,
        "our_currency" text,
        "our_status" text,
        "provider_id" text,
        "provider_reference" text,
        "provider_amount" bigint,
        "provider_currency" text,
        "provider_status" text,
        "provider_created_at" TIMESTAMP WITH TIME ZONE,
        "provider_problem" text,
        "flagged_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "reconciliation_items_kind_check"
          CHECK (kind IN ('missingAtProvider', 'unknownAtProvider', 'amountMismatch', 'statusMismatch')),
        CONSTRAINT "reconciliation_items_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "reconciliation_items_run_id_fkey" FOREIGN KEY ("run_id")
          REFERENCES "reconciliation_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`CREATE INDEX "reconciliation_items_run_idx" ON "reconciliation_items" ("run_id", "id")`);
    await queryRunner.query(
      `CREATE INDEX "reconciliation_items_run_kind_idx" ON "reconciliation_items" ("run_id", "kind", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reconciliation_items"`);
    await queryRunner.query(`DROP TABLE "reconciliation_listed_transfers"`);
    await queryRunner.query(`DROP TABLE "reconciliation_runs"`);
  }
}
