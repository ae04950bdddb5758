import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Client notifications: one delivery row per (applied change, client) with its retry state, the log of every try,
 * and the sweeper's position in each client's events feed. Written by hand next to the entities in
 * libs/notifications/persistence.
 */
export class CreateNotificationDeliveries1795393329708 implements MigrationInterface {
  name = 'CreateNotificationDeliveries1795393329708';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification_deliveries" (
        "id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "event_id" bigint NOT NULL,
        "payout_id" uuid NOT NULL,
        "payout_version" integer NOT NULL,
        "event_type" text NOT NULL,
        "status" text NOT NULL,
        "attempts" integer NOT NULL DEFAULT '0',
        "next_attempt_at" TIMESTAMP WITH TIME ZONE,
        "retry_until" TIMESTAMP WITH TIME ZONE,
        "last_attempt_at" TIMESTAMP WITH TIME ZONE,
        "last_http_status" integer,
        "last_error" text,
        "delivered_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "notification_deliveries_event_client_unique" UNIQUE ("event_id", "client_id"),
        CONSTRAINT "notification_deliveries_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id"),
        CONSTRAINT "notification_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "payout_events"("id"),
        CONSTRAINT "notification_deliveries_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id"),
        CONSTRAINT "notification_deliveries_status_check" CHECK (status IN ('pending', 'delivered', 'failed')),
        CONSTRAINT "notification_deliveries_attempts_check" CHECK (attempts >= 0)
      )
    `);
    // The sweeper's claim: due pending rows only.
    await queryRunner.query(`
      CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" ("next_attempt_at")
      WHERE status = 'pending'
    `);
    // GET /v1/notifications, newest first (UUIDv7 ids sort by creation).
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_client_idx" ON "notification_deliveries" ("client_id", "id")`,
    );
    // Payout order: does an earlier version of this payout still wait? Also ?payoutId= listings.
    await queryRunner.query(`
      CREATE INDEX "notification_deliveries_payout_idx"
      ON "notification_deliveries" ("payout_id", "client_id", "payout_version")
    `);
    await queryRunner.query(`
      CREATE TABLE "notification_attempts" (
        "id" BIGSERIAL NOT NULL,
        "delivery_id" uuid NOT NULL,
        "number" integer NOT NULL,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "duration_ms" integer NOT NULL,
        "target" text NOT NULL,
        "address" text,
        "outcome" text NOT NULL,
        "http_status" integer,
        "error" text,
        "response_excerpt" text,
        CONSTRAINT "notification_attempts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "notification_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id")
          REFERENCES "notification_deliveries"("id"),
        CONSTRAINT "notification_attempts_outcome_check" CHECK (
          outcome IN ('delivered', 'http_error', 'network_error', 'timeout', 'refused')
        )
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "notification_attempts_delivery_idx" ON "notification_attempts" ("delivery_id", "number")`,
    );
    await queryRunner.query(`
      CREATE TABLE "notification_cursors" (
        "client_id" uuid NOT NULL,
        "tx_id" bigint NOT NULL,
        "event_id" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "notification_cursors_pkey" PRIMARY KEY ("client_id"),
        CONSTRAINT "notification_cursors_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id")
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_cursors"`);
    await queryRunner.query(`DROP TABLE "notification_attempts"`);
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
  }
}
