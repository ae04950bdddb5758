import { MigrationInterface, QueryRunner } from 'typeorm';

const BATCH_STATUSES = `'awaiting_approval', 'open', 'completed', 'canceled'`;

/**
 * Batches (programs.md "Batches"): many payouts created by one request, stored in one transaction.
 *
 * - `payout_batches`: the batch itself. Its per-status counts are not stored: they are a GROUP BY over
 *   `payouts_batch_status_idx`, so nothing has to be kept in sync with the payouts' own transitions.
 * - `payouts.batch_id` / `payouts.item_reference`: a batch item is an ordinary payout that knows its batch and the
 *   client's reference for it, unique within the batch; both are set together or not at all.
 * - `idempotency_keys.batch_id`: a key answers either a payout or a batch (one namespace per client: a key used for a
 *   batch and then for a payout is a reused key), so `payout_id` becomes nullable and exactly one of them is set.
 *
 * Down refuses while a batch exists: the old schema has nowhere to keep it.
 */
export class AddPayoutBatches1797000000000 implements MigrationInterface {
  name = 'AddPayoutBatches1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "payout_batches" (
        "id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "status" text NOT NULL,
        "reference" text,
        "description" text,
        "metadata" jsonb NOT NULL DEFAULT '{}',
        "item_count" integer NOT NULL,
        "total_amount" bigint NOT NULL,
        "currency" character(3) NOT NULL,
        "approval" jsonb,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        "completed_at" timestamptz,
        CONSTRAINT "payout_batches_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "payout_batches_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id"),
        CONSTRAINT "payout_batches_status_check" CHECK (status IN (${BATCH_STATUSES})),
        CONSTRAINT "payout_batches_item_count_positive" CHECK (item_count > 0),
        CONSTRAINT "payout_batches_total_amount_positive" CHECK (total_amount > 0)
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "payout_batches_client_created_idx" ON "payout_batches" ("client_id", "created_at" DESC, "id" DESC)`,
    );

    await queryRunner.query(`ALTER TABLE "payouts" ADD "batch_id" uuid`);
    await queryRunner.query(`ALTER TABLE "payouts" ADD "item_reference" text`);
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "payouts_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "payout_batches"("id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "payouts_batch_item_check" CHECK ((batch_id IS NULL) = (item_reference IS NULL))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payouts_batch_item_reference_idx" ON "payouts" ("batch_id", "item_reference") WHERE batch_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "payouts_batch_status_idx" ON "payouts" ("batch_id", "status", "id") WHERE batch_id IS NOT NULL`,
    );

    await queryRunner.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "payout_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "batch_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "payout_batches"("id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_one_target" CHECK ((payout_id IS NULL) <> (batch_id IS NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ count }]: { count: number }[] = await queryRunner.query(
      `SELECT count(*)::int AS count FROM payout_batches`,
    );
    if (count > 0) throw new Error(`${count} payout batches exist: the schema before batches cannot hold them`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_one_target"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_batch_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "batch_id"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "payout_id" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."payouts_batch_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payouts_batch_item_reference_idx"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "payouts_batch_item_check"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "payouts_batch_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "item_reference"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "batch_id"`);
    await queryRunner.query(`DROP INDEX "public"."payout_batches_client_created_idx"`);
    await queryRunner.query(`DROP TABLE "payout_batches"`);
  }
}
