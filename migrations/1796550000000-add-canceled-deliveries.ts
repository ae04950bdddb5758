import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revoked client is told nothing more: its pending notifications become `canceled` (last_error `client_revoked`)
 * instead of being sent, retried or given up 72 h later.
 */
export class AddCanceledDeliveries1796550000000 implements MigrationInterface {
  name = 'AddCanceledDeliveries1796550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_status_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_status_check" CHECK (status IN ('pending', 'delivered', 'failed', 'canceled'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "notification_deliveries" SET status = 'failed' WHERE status = 'canceled'`);
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_status_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_status_check" CHECK (status IN ('pending', 'delivered', 'failed'))`,
    );
  }
}
