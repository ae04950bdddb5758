import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `dailyLimit` enforced by the database, atomically (issue 14: a check on a snapshot, then an insert, let concurrent
 * dispatches exceed it). `provider_daily_usage` holds, per provider and Europe/Istanbul calendar day (what finance
 * means by "a day"), the amounts of that day's attempts that are not `rejected`. A trigger on `payout_attempts` keeps
 * it exact whatever code path writes the attempt: a new attempt reserves its payout's amount with a conditional UPDATE
 * under the usage row's lock, and is refused (`provider_daily_limit`, check_violation) when the provider's
 * `daily_limit` would be exceeded; an attempt that becomes `rejected` (proven not executed) gives its amount back.
 */
export class AddProviderDailyUsage1796540000000 implements MigrationInterface {
  name = 'AddProviderDailyUsage1796540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "provider_daily_usage" (
        "provider" text NOT NULL,
        "day" date NOT NULL,
        "used" bigint NOT NULL,
        CONSTRAINT "provider_daily_usage_pkey" PRIMARY KEY ("provider", "day"),
        CONSTRAINT "provider_daily_usage_used_not_negative" CHECK (used >= 0)
      )
    `);
    // The one definition of "the day" of a moment for daily limits; routing reads usage through it too.
    await queryRunner.query(`
      CREATE FUNCTION "payout_limit_day"(moment timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
        SELECT (moment AT TIME ZONE 'Europe/Istanbul')::date
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION "provider_daily_usage_track"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_amount bigint;
        v_day date := payout_limit_day(NEW.created_at);
        v_limit bigint;
      BEGIN
        SELECT p.amount INTO v_amount FROM payouts p WHERE p.id = NEW.payout_id;
        IF TG_OP = 'INSERT' AND NEW.status = 'rejected' THEN
          RETURN NULL;
        ELSIF TG_OP = 'INSERT' OR (OLD.status = 'rejected' AND NEW.status <> 'rejected') THEN
          INSERT INTO provider_daily_usage (provider, day, used) VALUES (NEW.provider, v_day, 0)
            ON CONFLICT (provider, day) DO NOTHING;
          IF TG_OP = 'INSERT' THEN
            SELECT s.daily_limit INTO v_limit FROM provider_settings s WHERE s.provider = NEW.provider;
          END IF;
          -- The row lock orders concurrent reservations; each re-checks against the committed total.
          UPDATE provider_daily_usage u SET used = u.used + v_amount
            WHERE u.provider = NEW.provider AND u.day = v_day AND (v_limit IS NULL OR u.used + v_amount <= v_limit);
          IF NOT FOUND THEN
            RAISE EXCEPTION 'provider % would exceed its daily limit of % on %', NEW.provider, v_limit, v_day
              USING ERRCODE = 'check_violation', CONSTRAINT = 'provider_daily_limit';
          END IF;
        ELSIF OLD.status <> 'rejected' AND NEW.status = 'rejected' THEN
          UPDATE provider_daily_usage u SET used = u.used - v_amount WHERE u.provider = NEW.provider AND u.day = v_day;
        END IF;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "provider_daily_usage_track" AFTER INSERT OR UPDATE OF status ON "payout_attempts"
      FOR EACH ROW EXECUTE FUNCTION "provider_daily_usage_track"()
    `);
    await queryRunner.query(`
      INSERT INTO provider_daily_usage (provider, day, used)
      SELECT a.provider, payout_limit_day(a.created_at), SUM(p.amount)
      FROM payout_attempts a JOIN payouts p ON p.id = a.payout_id
      WHERE a.status <> 'rejected'
      GROUP BY 1, 2
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "provider_daily_usage_track" ON "payout_attempts"`);
    await queryRunner.query(`DROP FUNCTION "provider_daily_usage_track"()`);
    await queryRunner.query(`DROP FUNCTION "payout_limit_day"(timestamptz)`);
    await queryRunner.query(`DROP TABLE "provider_daily_usage"`);
  }
}
