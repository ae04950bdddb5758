import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The batch lifecycle (decision 0012): fair-share dispatch of batch items, a batch's completion, `batch.completed`.
 *
 * - `payouts_batch_pending_due_idx`: the batch feeder's scan (BatchFeedQueries), the pending items of one batch by
 *   next_check_at (when the item may be fed again: at once, or a feeder's lease, or a provider's wait).
 * - `payout_batches_open_idx`: the open batches, oldest first, that the feeder takes turns between.
 * - `settle_batch_item(batch, now, open statuses)`: called in the transaction of a batch item's first final status.
 *   It locks the batch row (FOR UPDATE: two last items finishing in parallel queue up on it), and then, in a new
 *   statement and so a new snapshot that sees every item committed before the lock was granted, looks for an item still
 *   in one of the open statuses; if none is left it closes the batch (`canceled` when every item was, else
 *   `completed`, with completed_at) and writes its `batch.completed` notification: a delivery row (only for a client
 *   with a callback URL, not revoked; unique per batch and client) and an outbox job that tries it at once. A batch
 *   is closed once: the lock is taken only while it is `open` (or still `awaiting_approval`, when a cancel
 *   canceled every item before any decision).
 * - `notification_deliveries`: a notification is now either a payout change (event_id, payout_id, payout_version) or a
 *   batch's completion (batch_id); `body` keeps the batch notification's body as first sent, so a retry sends the same.
 */
export class BatchLifecycle1797000500000 implements MigrationInterface {
  name = 'BatchLifecycle1797000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "payouts_batch_pending_due_idx" ON "payouts" ("batch_id", "next_check_at") WHERE status = 'pending' AND batch_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "payout_batches_open_idx" ON "payout_batches" ("created_at", "id") WHERE status = 'open'`,
    );

    await queryRunner.query(`ALTER TABLE "notification_deliveries" ALTER COLUMN "event_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ALTER COLUMN "payout_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ALTER COLUMN "payout_version" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ADD "batch_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ADD "body" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "payout_batches"("id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_batch_client_unique" UNIQUE ("batch_id", "client_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_subject_check" CHECK ((batch_id IS NULL) = (event_id IS NOT NULL AND payout_id IS NOT NULL AND payout_version IS NOT NULL))`,
    );

    await queryRunner.query(`
      CREATE FUNCTION "settle_batch_item"(p_batch_id uuid, p_now timestamptz, p_open_statuses text[])
      RETURNS TABLE (batch_status text, delivery_id uuid)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_client uuid;
        v_status text;
        v_delivery uuid;
      BEGIN
        SELECT b.client_id INTO v_client FROM payout_batches b
        WHERE b.id = p_batch_id AND b.status IN ('open', 'awaiting_approval') FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        -- New statements, new snapshots: every item committed before the lock was granted is seen as it is.
        IF EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = p_batch_id AND p.status = ANY (p_open_statuses)) THEN
          RETURN QUERY SELECT 'open'::text, NULL::uuid;
          RETURN;
        END IF;
        v_status := CASE WHEN EXISTS (
            SELECT 1 FROM payouts p WHERE p.batch_id = p_batch_id AND p.status <> 'canceled'
          ) THEN 'completed' ELSE 'canceled' END;
        UPDATE payout_batches SET status = v_status, completed_at = p_now, updated_at = p_now WHERE id = p_batch_id;
        INSERT INTO notification_deliveries (id, client_id, batch_id, event_type, status, attempts, next_attempt_at,
          created_at, updated_at)
        SELECT gen_random_uuid(), c.id, p_batch_id, 'batch.completed', 'pending', 0, p_now, p_now, p_now
        FROM clients c
        WHERE c.id = v_client AND c.callback_url IS NOT NULL AND c.revoked_at IS NULL
        ON CONFLICT ON CONSTRAINT notification_deliveries_batch_client_unique DO NOTHING
        RETURNING id INTO v_delivery;
        IF v_delivery IS NOT NULL THEN
          PERFORM add_outbox_messages(jsonb_build_array(jsonb_build_object(
            'queue', 'notifications', 'jobName', 'deliver-notification',
            'payload', jsonb_build_object('deliveryId', v_delivery))));
        END IF;
        RETURN QUERY SELECT v_status, v_delivery;
      END
      $fn$
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ count }]: { count: number }[] = await queryRunner.query(
      `SELECT count(*)::int AS count FROM notification_deliveries WHERE batch_id IS NOT NULL`,
    );
    if (count > 0) throw new Error(`${count} batch notifications exist: the schema before cannot hold them`);
    await queryRunner.query(`DROP FUNCTION "settle_batch_item"`);
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_subject_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_batch_client_unique"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_batch_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "notification_deliveries" DROP COLUMN "body"`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" DROP COLUMN "batch_id"`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ALTER COLUMN "payout_version" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ALTER COLUMN "payout_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ALTER COLUMN "event_id" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."payout_batches_open_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payouts_batch_pending_due_idx"`);
  }
}
