import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook inbox: every authentic provider webhook exactly as received (raw bytes and headers), deduplicated by
 * (provider, dedupe key), with what processing made of it. Written by hand next to WebhookInboxEntity.
 */
export class CreateWebhookInbox1795392315441 implements MigrationInterface {
  name = 'CreateWebhookInbox1795392315441';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "webhook_inbox" (
        "id" BIGSERIAL NOT NULL,
        "provider" text NOT NULL,
        "dedupe_key" text NOT NULL,
        "status" text NOT NULL,
        "raw_body" bytea NOT NULL,
        "headers" jsonb NOT NULL,
        "remote_address" text,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "reference" text,
        "provider_id" text,
        "signal_status" text,
        "provider_status" text,
        "payout_id" uuid,
        "attempt_id" uuid,
        "decision" text,
        "detail" text,
        "lookup_evidence" jsonb,
        "attempts" integer NOT NULL DEFAULT '0',
        "next_attempt_at" TIMESTAMP WITH TIME ZONE,
        "last_error" text,
        "processed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "webhook_inbox_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_inbox_dedupe_unique" UNIQUE ("provider", "dedupe_key"),
        CONSTRAINT "webhook_inbox_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id"),
        CONSTRAINT "webhook_inbox_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "payout_attempts"("id"),
        CONSTRAINT "webhook_inbox_status_check" CHECK (
          status IN ('received', 'processed', 'orphan', 'ignored', 'unparseable', 'contradiction', 'unconfirmed')
        ),
        CONSTRAINT "webhook_inbox_attempts_check" CHECK (attempts >= 0)
      )
    `);
    // The sweeper retries rows still waiting (a lost job, a lookup that did not confirm yet, an orphan).
    await queryRunner.query(`
      CREATE INDEX "webhook_inbox_due_idx" ON "webhook_inbox" ("next_attempt_at")
      WHERE status IN ('received', 'orphan')
    `);
    await queryRunner.query(`CREATE INDEX "webhook_inbox_payout_idx" ON "webhook_inbox" ("payout_id")`);
    // Matching an orphan to an attempt that appears later, and "has a webhook come for this attempt?".
    await queryRunner.query(`CREATE INDEX "webhook_inbox_reference_idx" ON "webhook_inbox" ("provider", "reference")`);
    await queryRunner.query(
      `CREATE INDEX "webhook_inbox_provider_id_idx" ON "webhook_inbox" ("provider", "provider_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_inbox"`);
  }
}
