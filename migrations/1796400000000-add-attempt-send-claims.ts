import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invariant 2a: an attempt remembers in Postgres, not in a worker's memory, that a request of it has left us.
 * `send_count` counts the calls (send, resend, a lookup that replays the create) that let a request out, claimed
 * before the first byte leaves; `ambiguous_since` is when the first of them left (set once, cleared never);
 * `last_sent_at` is when the latest left (a provider's consistency window runs from it). A refusal proves "not
 * executed" only when it answers the first and only such call. Existing attempts count as sent once if they were
 * submitted, which makes a refusal of any later resend prove nothing, as the rule wants.
 */
export class AddAttemptSendClaims1796400000000 implements MigrationInterface {
  name = 'AddAttemptSendClaims1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payout_attempts" ADD "send_count" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "payout_attempts" ADD "ambiguous_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "payout_attempts" ADD "last_sent_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "payout_attempts" ADD CONSTRAINT "payout_attempts_send_count_check" CHECK (send_count >= 0)`,
    );
    await queryRunner.query(
      `UPDATE "payout_attempts" SET send_count = 1, ambiguous_since = submitted_at, last_sent_at = submitted_at
       WHERE submitted_at IS NOT NULL AND last_raw_answer IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payout_attempts" DROP CONSTRAINT "payout_attempts_send_count_check"`);
    await queryRunner.query(`ALTER TABLE "payout_attempts" DROP COLUMN "last_sent_at"`);
    await queryRunner.query(`ALTER TABLE "payout_attempts" DROP COLUMN "ambiguous_since"`);
    await queryRunner.query(`ALTER TABLE "payout_attempts" DROP COLUMN "send_count"`);
  }
}
