import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients, payouts with their attempts and append-only events, idempotency keys, the audit log and the outbox.
 * Generated from the entities, then tidied: tables in dependency order with their keys inline, list indexes
 * newest-first, and two triggers TypeORM does not model (payout_events refuses UPDATE/DELETE; outbox inserts NOTIFY).
 */
export class CreatePayouts1795391212679 implements MigrationInterface {
  name = 'CreatePayouts1795391212679';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "clients" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "key_hash" text NOT NULL,
        "scopes" text array NOT NULL,
        "callback_url" text,
        "webhook_secret_encrypted" text,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "clients_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "clients_key_hash_unique" UNIQUE ("key_hash")
      )
    `);

    await queryRunner.query(`
      CREATE TABLE "audit_log" (
        "id" uuid NOT NULL,
        "actor_client_id" uuid,
        "action" text NOT NULL,
        "subject_type" text NOT NULL,
        "subject_id" text NOT NULL,
        "reason" text,
        "details" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "audit_log_actor_client_id_fkey" FOREIGN KEY ("actor_client_id") REFERENCES "clients"("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "audit_log_subject_idx" ON "audit_log" ("subject_type", "subject_id")`);

    await queryRunner.query(`
      CREATE TABLE "payouts" (
        "id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "status" text NOT NULL,
        "version" integer NOT NULL,
        "amount" bigint NOT NULL,
        "currency" character(3) NOT NULL,
        "beneficiary_name" text NOT NULL,
        "iban_encrypted" text NOT NULL,
        "iban_last4" text NOT NULL,
        "bank_code" text,
        "national_id_encrypted" text,
        "customer" jsonb,
        "reference" text,
        "description" text,
        "metadata" jsonb NOT NULL DEFAULT '{}',
        "requested_provider" text,
        "provider" text,
        "routing" jsonb,
        "failure" jsonb,
        "next_check_at" TIMESTAMP WITH TIME ZONE,
        "needs_attention" boolean NOT NULL DEFAULT false,
        "contradiction" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "payouts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "payouts_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id"),
        CONSTRAINT "payouts_status_check" CHECK (
          status IN ('pending', 'submitting', 'processing', 'manual_review', 'succeeded', 'returned', 'failed', 'canceled')
        ),
        CONSTRAINT "payouts_amount_positive" CHECK (amount > 0),
        CONSTRAINT "payouts_version_positive" CHECK (version > 0)
      )
    `);
    // The list reads newest first: (created_at, id) descending, per client and optionally per status.
    await queryRunner.query(
      `CREATE INDEX "payouts_client_created_idx" ON "payouts" ("client_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "payouts_client_status_created_idx" ON "payouts" ("client_id", "status", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "payouts_client_reference_idx" ON "payouts" ("client_id", "reference")`);
    await queryRunner.query(`CREATE INDEX "payouts_created_idx" ON "payouts" ("created_at" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "payouts_provider_status_idx" ON "payouts" ("provider", "status")`);
    // Sweepers and the poller look for due work among the payouts still in flight only.
    await queryRunner.query(`
      CREATE INDEX "payouts_next_check_idx" ON "payouts" ("next_check_at")
      WHERE status IN ('pending', 'submitting', 'processing', 'manual_review')
    `);

    await queryRunner.query(`
      CREATE TABLE "payout_attempts" (
        "id" uuid NOT NULL,
        "payout_id" uuid NOT NULL,
        "provider" text NOT NULL,
        "reference" text NOT NULL,
        "provider_id" text,
        "status" text NOT NULL,
        "failure" jsonb,
        "last_raw_answer" jsonb,
        "poll_count" integer NOT NULL DEFAULT '0',
        "last_polled_at" TIMESTAMP WITH TIME ZONE,
        "submitted_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "payout_attempts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "payout_attempts_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id"),
        CONSTRAINT "payout_attempts_reference_unique" UNIQUE ("reference"),
        CONSTRAINT "payout_attempts_status_check" CHECK (status IN ('submitting', 'accepted', 'completed', 'rejected')),
        CONSTRAINT "payout_attempts_poll_count_check" CHECK (poll_count >= 0)
      )
    `);
    // Lifecycle invariant 1 (never paid twice): one attempt per payout that is not proven "not executed".
    await queryRunner.query(`
      CREATE UNIQUE INDEX "payout_attempts_one_live" ON "payout_attempts" ("payout_id") WHERE status <> 'rejected'
    `);
    await queryRunner.query(
      `CREATE INDEX "payout_attempts_payout_idx" ON "payout_attempts" ("payout_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "payout_attempts_provider_id_idx" ON "payout_attempts" ("provider", "provider_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "payout_events" (
        "id" BIGSERIAL NOT NULL,
        "payout_id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "from_status" text,
        "to_status" text NOT NULL,
        "source" text NOT NULL,
        "actor" text,
        "evidence" jsonb,
        "applied" boolean NOT NULL,
        "reason" text NOT NULL,
        "detail" text NOT NULL,
        "tx_id" bigint NOT NULL,
        "snapshot" json,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "payout_events_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "payout_events_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "payout_events_payout_idx" ON "payout_events" ("payout_id", "id")`);
    await queryRunner.query(
      `CREATE INDEX "payout_events_feed_idx" ON "payout_events" ("client_id", "tx_id", "id") WHERE applied`,
    );
    // Append-only in the schema, not only by convention: the event log is the evidence of every decision.
    await queryRunner.query(`
      CREATE FUNCTION "payout_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payout_events is append-only: % refused', TG_OP;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "payout_events_append_only" BEFORE UPDATE OR DELETE ON "payout_events"
      FOR EACH ROW EXECUTE FUNCTION "payout_events_append_only"()
    `);

    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "client_id" uuid NOT NULL,
        "key" text NOT NULL,
        "request_hash" text NOT NULL,
        "response_status" integer NOT NULL,
        "response_body" json NOT NULL,
        "payout_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("client_id", "key"),
        CONSTRAINT "idempotency_keys_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id"),
        CONSTRAINT "idempotency_keys_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id")
      )
    `);

    await queryRunner.query(`
      CREATE TABLE "outbox" (
        "id" BIGSERIAL NOT NULL,
        "queue" text NOT NULL,
        "job_name" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "published_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "outbox_unpublished_idx" ON "outbox" ("id") WHERE published_at IS NULL`);
    // NOTIFY is delivered at commit, so the relay wakes exactly when the rows become visible to it.
    await queryRunner.query(`
      CREATE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "outbox_notify" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP FUNCTION "outbox_notify"()`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP TABLE "payout_events"`);
    await queryRunner.query(`DROP FUNCTION "payout_events_append_only"()`);
    await queryRunner.query(`DROP TABLE "payout_attempts"`);
    await queryRunner.query(`DROP TABLE "payouts"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "clients"`);
  }
}
