import { MigrationInterface, QueryRunner } from 'typeorm';

/** The trigger function (migration 1797350000000 changes its first test from OLD to NEW and goes back to this). */
export const END_BALANCE_HOLD = `CREATE FUNCTION "payouts_end_balance_hold"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.status <> 'pending' AND OLD.hold_reason = 'insufficient_provider_balance' THEN
           NEW.hold_reason := NULL;
         END IF;
         IF NEW.status NOT IN ('pending', 'submitting') THEN
           NEW.hold_since := NULL;
         END IF;
         RETURN NEW;
       END $$`;

/**
 * Provider balances (money-movement.md): the last known sending balance per provider, the admin's low-balance
 * threshold, and when a payout's balance hold began (INSUFFICIENT_BALANCE_WAIT counts from it). A trigger clears the
 * balance hold when the payout moves on, whichever writer moves it (the transition function, a repository, ops).
 */
export class AddProviderBalances1797200000000 implements MigrationInterface {
  name = 'AddProviderBalances1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "provider_balances" (
        "provider" text NOT NULL,
        "amount" bigint,
        "currency" text,
        "as_of" timestamptz,
        "source" text,
        "unreadable_at" timestamptz,
        "unreadable_source" text,
        "unreadable_reason" text,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "provider_balances_pkey" PRIMARY KEY ("provider"),
        CONSTRAINT "provider_balances_source_check" CHECK (source IN ('submission', 'read')),
        CONSTRAINT "provider_balances_unreadable_source_check" CHECK (unreadable_source IN ('submission', 'read')),
        CONSTRAINT "provider_balances_known_check" CHECK ((amount IS NULL) = (currency IS NULL)
          AND (amount IS NULL) = (as_of IS NULL) AND (amount IS NULL) = (source IS NULL))
      )`,
    );
    await queryRunner.query(
      `ALTER TABLE "provider_settings" ADD "low_balance_threshold" bigint,
         ADD CONSTRAINT "provider_settings_low_balance_threshold_check" CHECK (low_balance_threshold >= 0)`,
    );
    await queryRunner.query(`ALTER TABLE "payouts" ADD "hold_since" timestamptz`);
    // A top-up releases held payouts oldest first: this index is that scan.
    await queryRunner.query(
      `CREATE INDEX "payouts_balance_hold_idx" ON "payouts" ("created_at", "id")
         WHERE status = 'pending' AND hold_reason = 'insufficient_provider_balance'`,
    );
    // Submitting is still the hold's own round trip (a refusal for balance brings it back to pending, where the wait
    // goes on counting from hold_since); anything else ends it.
    await queryRunner.query(END_BALANCE_HOLD);
    await queryRunner.query(
      `CREATE TRIGGER "payouts_end_balance_hold" BEFORE UPDATE OF status ON "payouts"
         FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION "payouts_end_balance_hold"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "payouts_end_balance_hold" ON "payouts"`);
    await queryRunner.query(`DROP FUNCTION "payouts_end_balance_hold"()`);
    await queryRunner.query(`DROP INDEX "payouts_balance_hold_idx"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "hold_since"`);
    await queryRunner.query(`ALTER TABLE "provider_settings" DROP COLUMN "low_balance_threshold"`);
    await queryRunner.query(`DROP TABLE "provider_balances"`);
  }
}
