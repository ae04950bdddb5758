import { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies of the values at this migration (a migration never follows later code).
const RAILS = `'fast', 'eft'`;
const HOLD_REASONS = `'insufficient_provider_balance', 'rail_closed'`;

/**
 * What the world outside does to a payout (money-movement.md): the rail it travels on, when it is expected to
 * complete, and why it is held back (no provider balance covers it, or its rail is closed). All null until set.
 */
export class AddPayoutRailAndHold1797150000000 implements MigrationInterface {
  name = 'AddPayoutRailAndHold1797150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD "rail" text, ADD "expected_completion_at" timestamptz, ADD "hold_reason" text`,
    );
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "payouts_rail_check" CHECK (rail IN (${RAILS})),
         ADD CONSTRAINT "payouts_hold_reason_check" CHECK (hold_reason IN (${HOLD_REASONS}))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "payouts" DROP COLUMN "hold_reason", DROP COLUMN "expected_completion_at", DROP COLUMN "rail"`,
    );
  }
}
