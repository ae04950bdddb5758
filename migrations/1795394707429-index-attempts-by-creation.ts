import { MigrationInterface, QueryRunner } from 'typeorm';

/** Dispatch sums today's attempts per provider (daily limits) before every routing decision: index their creation time. */
export class IndexAttemptsByCreation1795394707429 implements MigrationInterface {
  name = 'IndexAttemptsByCreation1795394707429';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "payout_attempts_created_idx" ON "payout_attempts" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."payout_attempts_created_idx"`);
  }
}
