import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /v1/ops/contradictions lists the events that cost money, newest first: the one that first flagged a payout as
 * a contradiction (a provider reporting paid what we failed, or failed what we paid) and every return of a payout
 * that had succeeded. A partial index keeps that list and its gauge off the rest of the event log.
 */
export class IndexLateFlips1796910000000 implements MigrationInterface {
  name = 'IndexLateFlips1796910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "payout_events_late_flips_idx" ON "payout_events" ("created_at", "id") WHERE flags_contradiction OR (applied AND from_status = 'succeeded' AND to_status = 'returned')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."payout_events_late_flips_idx"`);
  }
}
