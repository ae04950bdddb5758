import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No NOTIFY on outbox inserts: the relay polls instead (OUTBOX_POLL_INTERVAL). A transaction that notifies takes a
 * server-wide lock at commit and holds it until its commit record is flushed, so every intake and status change
 * committed one after the other instead of sharing a WAL flush (libs/notifications/outbox/outbox-relay.runner.ts).
 */
export class DropOutboxNotify1796630000000 implements MigrationInterface {
  name = 'DropOutboxNotify1796630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "outbox_notify" ON "outbox"`);
    await queryRunner.query(`DROP FUNCTION "outbox_notify"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "outbox_notify" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()
    `);
  }
}
