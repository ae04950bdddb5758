import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A wake-up made every later change of a payout due, including one a worker had just claimed and was sending, so
 * another worker sent it again. Rows given back to wait for an earlier change are now marked, and only they are woken.
 * Rows waiting when this runs are left unmarked: they are tried when their wait (at most ORDER_WAIT) ends.
 */
export class AddNotificationWaitingFlag1795404373048 implements MigrationInterface {
  name = 'AddNotificationWaitingFlag1795404373048';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD "waiting_for_earlier" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_deliveries" DROP COLUMN "waiting_for_earlier"`);
  }
}
