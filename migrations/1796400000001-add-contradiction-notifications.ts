import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invariant 2b: a client is told when a provider contradicts us (e.g. a success for an attempt we proved not
 * executed: money may have moved at two providers). The event that first flags a payout as a contradiction is not an
 * applied change, so the notifications feed, which reads applied events, would not find it after a Redis loss; it is
 * marked, and fed as `payout.contradiction`.
 */
export class AddContradictionNotifications1796400000001 implements MigrationInterface {
  name = 'AddContradictionNotifications1796400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payout_events" ADD "flags_contradiction" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `CREATE INDEX "payout_events_contradiction_feed_idx" ON "payout_events" ("client_id", "tx_id", "id") WHERE flags_contradiction`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."payout_events_contradiction_feed_idx"`);
    await queryRunner.query(`ALTER TABLE "payout_events" DROP COLUMN "flags_contradiction"`);
  }
}
