import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ops closures of EFT (money-movement.md, "Turkish rails and the bank calendar"): one row per Europe/Istanbul date on
 * which EFT does not move, or stops at `half_day_until` (minutes after Istanbul midnight). The official holidays are
 * not stored: they come from the `date-holidays` package.
 */
export class AddCalendarClosures1797250000000 implements MigrationInterface {
  name = 'AddCalendarClosures1797250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendar_closures" (
        "date" date NOT NULL,
        "reason" text NOT NULL,
        "half_day_until" smallint,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "calendar_closures_pkey" PRIMARY KEY ("date"),
        CONSTRAINT "calendar_closures_half_day_until_check" CHECK (half_day_until >= 0 AND half_day_until < 1440)
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_closures"`);
  }
}
