import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing rules (soft-deleted, versioned) and per-provider admin settings. Written by hand for these two tables only;
 * the drift check (scripts/migration-generate.mjs --check) compares them with their entities.
 */
export class CreateRouting1795392285525 implements MigrationInterface {
  name = 'CreateRouting1795392285525';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "routing_rules" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "priority" integer NOT NULL,
        "enabled" boolean NOT NULL,
        "match" jsonb NOT NULL,
        "targets" jsonb NOT NULL,
        "fallback" text array NOT NULL,
        "version" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "deleted_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "routing_rules_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "routing_rules_priority_check" CHECK (priority >= 0),
        CONSTRAINT "routing_rules_version_positive" CHECK (version > 0)
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "routing_rules_live_idx" ON "routing_rules" ("priority", "id") WHERE deleted_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "provider_settings" (
        "provider" text NOT NULL,
        "enabled" boolean NOT NULL,
        "drain" boolean NOT NULL,
        "min_amount" bigint,
        "max_amount" bigint,
        "daily_limit" bigint,
        "version" integer NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "provider_settings_pkey" PRIMARY KEY ("provider"),
        CONSTRAINT "provider_settings_amounts_positive" CHECK (min_amount > 0 AND max_amount > 0 AND daily_limit > 0),
        CONSTRAINT "provider_settings_min_max" CHECK (min_amount <= max_amount),
        CONSTRAINT "provider_settings_version_positive" CHECK (version > 0)
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "provider_settings"`);
    await queryRunner.query(`DROP INDEX "routing_rules_live_idx"`);
    await queryRunner.query(`DROP TABLE "routing_rules"`);
  }
}
