import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook bodies are kept sealed with the PII key (docs/decisions/0006-provider-bodies-at-rest.md): new rows fill
 * `raw_body_sealed` and leave `raw_body` null. SQL has no key, so rows stored before stay in `raw_body` until the
 * worker's provider-body retention job seals them (its first run after the deploy) or purges them. After the
 * retention period a processed row's body is dropped and `raw_body_purged_at` says when.
 */
export class SealWebhookBodies1796510000000 implements MigrationInterface {
  name = 'SealWebhookBodies1796510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_inbox" ALTER COLUMN "raw_body" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "webhook_inbox" ADD "raw_body_sealed" text`);
    await queryRunner.query(`ALTER TABLE "webhook_inbox" ADD "raw_body_purged_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_inbox" DROP COLUMN "raw_body_purged_at"`);
    await queryRunner.query(`ALTER TABLE "webhook_inbox" DROP COLUMN "raw_body_sealed"`);
    await queryRunner.query(`ALTER TABLE "webhook_inbox" ALTER COLUMN "raw_body" SET NOT NULL`);
  }
}
