import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ops console finds payouts by the last four IBAN characters a customer reads out (the IBAN itself is sealed;
 * `iban_last4` is its one clear part). Newest first, keyset-paginated on (created_at, id) like every list.
 */
export class IndexPayoutsByIbanLast41796760000000 implements MigrationInterface {
  name = 'IndexPayoutsByIbanLast41796760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "payouts_iban_last4_created_idx" ON "payouts" ("iban_last4", "created_at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."payouts_iban_last4_created_idx"`);
  }
}
