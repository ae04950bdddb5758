import { MigrationInterface, QueryRunner } from 'typeorm';

/** The attempt columns both functions return, as `attempt_<column>` (the payout's own columns keep their names). */
const ATTEMPT_COLUMNS = `attempt_id uuid, attempt_payout_id uuid, attempt_provider text, attempt_reference text,
  attempt_provider_id text, attempt_status text, attempt_failure jsonb, attempt_last_raw_answer jsonb,
  attempt_poll_count integer, attempt_last_polled_at timestamptz, attempt_submitted_at timestamptz,
  attempt_send_count integer, attempt_ambiguous_since timestamptz, attempt_last_sent_at timestamptz,
  attempt_created_at timestamptz, attempt_updated_at timestamptz`;

const attemptValues = (a: string) => `${a}.id, ${a}.payout_id, ${a}.provider, ${a}.reference, ${a}.provider_id,
  ${a}.status, ${a}.failure, ${a}.last_raw_answer, ${a}.poll_count, ${a}.last_polled_at, ${a}.submitted_at,
  ${a}.send_count, ${a}.ambiguous_since, ${a}.last_sent_at, ${a}.created_at, ${a}.updated_at`;

const IN_FLIGHT_BEFORE = `'pending', 'submitting', 'processing', 'manual_review'`;
const IN_FLIGHT_AFTER = `'scheduled', ${IN_FLIGHT_BEFORE}`;
const STATUSES_BEFORE = `'pending', 'submitting', 'processing', 'manual_review', 'succeeded', 'returned', 'failed', 'canceled'`;
const STATUSES_AFTER = `'scheduled', ${STATUSES_BEFORE}`;

/**
 * Scheduled payouts (programs.md): a payout created with a `scheduledFor` in the future is `scheduled` until then.
 *
 * - `scheduled_for`: the release time the client asked for (NULL when none); kept after the release, for the record.
 * - The status CHECK gains `scheduled`; `payouts_next_check_idx` covers it (a scheduled payout's next_check_at is its
 *   release time, and the stuck view reads it like any in-flight status).
 * - `payouts_scheduled_due_idx`: the release job's scan (DueScheduledPayouts), the due scheduled payouts by
 *   next_check_at (the release time, or a releaser's lease); partial, so it holds only what is still waiting.
 * - `create_payout_once` takes the release time (the payout is then `scheduled`, its creation event says so), and
 *   `lock_payout_for_transition` returns it with the payout.
 *
 * Down refuses while a payout is still scheduled: the old schema has no status to keep it in.
 */
export class SchedulePayouts1796800000000 implements MigrationInterface {
  name = 'SchedulePayouts1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payouts" ADD "scheduled_for" timestamptz`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "payouts_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "payouts_status_check" CHECK (status IN (${STATUSES_AFTER}))`,
    );
    await queryRunner.query(`DROP INDEX "public"."payouts_next_check_idx"`);
    await queryRunner.query(
      `CREATE INDEX "payouts_next_check_idx" ON "payouts" ("next_check_at") WHERE status IN (${IN_FLIGHT_AFTER})`,
    );
    await queryRunner.query(
      `CREATE INDEX "payouts_scheduled_due_idx" ON "payouts" ("next_check_at") WHERE status = 'scheduled'`,
    );
    await queryRunner.query(`DROP FUNCTION "create_payout_once"`);
    await queryRunner.query(`
      CREATE FUNCTION "create_payout_once"(
        p_client_id uuid, p_key text, p_request_hash text,
        p_payout_id uuid, p_amount bigint, p_currency text, p_beneficiary_name text, p_iban_encrypted text,
        p_iban_last4 text, p_bank_code text, p_national_id_encrypted text, p_customer jsonb, p_reference text,
        p_description text, p_metadata jsonb, p_requested_provider text, p_next_check_at timestamptz,
        p_created_at timestamptz, p_scheduled_for timestamptz, p_event jsonb, p_body json, p_messages jsonb
      ) RETURNS TABLE (outcome text, request_hash text, response_status integer, response_body json)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_event_id bigint;
        -- A payout with a release time waits for it (scheduled); one without is pending at once.
        v_status text := CASE WHEN p_scheduled_for IS NULL THEN 'pending' ELSE 'scheduled' END;
      BEGIN
        -- Never waits: a concurrent request with the key is answered 409. Released at the end of the transaction,
        -- after its rows are visible, so the next request with the key finds the stored answer.
        IF NOT pg_try_advisory_xact_lock(hashtextextended(p_client_id::text || ':' || p_key, 0)) THEN
          RETURN QUERY SELECT 'locked'::text, NULL::text, NULL::integer, NULL::json;
          RETURN;
        END IF;
        RETURN QUERY SELECT 'stored'::text, k.request_hash, k.response_status, k.response_body
          FROM idempotency_keys k WHERE k.client_id = p_client_id AND k.key = p_key;
        IF FOUND THEN
          RETURN;
        END IF;
        IF p_payout_id IS NULL THEN
          RETURN QUERY SELECT 'absent'::text, NULL::text, NULL::integer, NULL::json;
          RETURN;
        END IF;

        INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
          iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata, requested_provider,
          next_check_at, created_at, updated_at, scheduled_for)
        VALUES (p_payout_id, p_client_id, v_status, 1, p_amount, p_currency, p_beneficiary_name, p_iban_encrypted,
          p_iban_last4, p_bank_code, p_national_id_encrypted, p_customer, p_reference, p_description, p_metadata,
          p_requested_provider, p_next_check_at, p_created_at, p_created_at, p_scheduled_for);

        INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence,
          applied, reason, detail, tx_id, snapshot, created_at)
        VALUES (p_payout_id, p_client_id, 1, NULL, v_status, p_event->>'source', p_event->>'actor', NULL, true,
          p_event->>'reason', p_event->>'detail', pg_current_xact_id()::text::bigint, p_body, p_created_at)
        RETURNING id INTO v_event_id;

        -- The event id is known only now: a message that carries one (the status-changed notification) gets it here.
        -- The rows themselves (which are kept, in what order) are add_outbox_messages' rule, as for every writer.
        PERFORM add_outbox_messages((
          SELECT jsonb_agg(
            CASE WHEN (e.m->'payload') ? 'eventId'
              THEN jsonb_set(e.m, '{payload,eventId}', to_jsonb(v_event_id::text))
              ELSE e.m END
            ORDER BY e.n)
          FROM jsonb_array_elements(p_messages) WITH ORDINALITY AS e(m, n)));

        INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, payout_id,
          created_at)
        VALUES (p_client_id, p_key, p_request_hash, 201, p_body, p_payout_id, p_created_at);

        -- The caller has the answer it sent: no need to send it back.
        RETURN QUERY SELECT 'created'::text, NULL::text, NULL::integer, NULL::json;
      END
      $fn$
    `);
    await queryRunner.query(`DROP FUNCTION "lock_payout_for_transition"`);
    await queryRunner.query(`
      CREATE FUNCTION "lock_payout_for_transition"(p_payout_id uuid)
      RETURNS TABLE (
        id uuid, client_id uuid, status text, version integer, amount bigint, currency text, beneficiary_name text,
        iban_last4 text, bank_code text, customer jsonb, reference text, description text, metadata jsonb,
        requested_provider text, provider text, routing jsonb, failure jsonb, next_check_at timestamptz,
        needs_attention boolean, contradiction boolean, created_at timestamptz, updated_at timestamptz,
        completed_at timestamptz, scheduled_for timestamptz, ${ATTEMPT_COLUMNS}
      )
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v payouts%ROWTYPE;
      BEGIN
        SELECT * INTO v FROM payouts p WHERE p.id = p_payout_id FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        -- A new statement, so a new snapshot: it sees every attempt committed before the lock was granted.
        RETURN QUERY
          SELECT v.id, v.client_id, v.status, v.version, v.amount, v.currency::text, v.beneficiary_name, v.iban_last4,
            v.bank_code, v.customer, v.reference, v.description, v.metadata, v.requested_provider, v.provider,
            v.routing, v.failure, v.next_check_at, v.needs_attention, v.contradiction, v.created_at, v.updated_at,
            v.completed_at, v.scheduled_for, ${attemptValues('a')}
          FROM (SELECT 1) AS one
          LEFT JOIN LATERAL (
            SELECT * FROM payout_attempts pa WHERE pa.payout_id = p_payout_id
            ORDER BY pa.created_at, pa.id
            FOR UPDATE
          ) a ON true
          ORDER BY a.created_at, a.id;
      END
      $fn$
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ count }]: { count: number }[] = await queryRunner.query(
      `SELECT count(*)::int AS count FROM payouts WHERE status = 'scheduled'`,
    );
    if (count > 0) throw new Error(`${count} payouts are still scheduled: release or cancel them before going down`);
    await queryRunner.query(`DROP FUNCTION "lock_payout_for_transition"`);
    await queryRunner.query(`
      CREATE FUNCTION "lock_payout_for_transition"(p_payout_id uuid)
      RETURNS TABLE (
        id uuid, client_id uuid, status text, version integer, amount bigint, currency text, beneficiary_name text,
        iban_last4 text, bank_code text, customer jsonb, reference text, description text, metadata jsonb,
        requested_provider text, provider text, routing jsonb, failure jsonb, next_check_at timestamptz,
        needs_attention boolean, contradiction boolean, created_at timestamptz, updated_at timestamptz,
        completed_at timestamptz, ${ATTEMPT_COLUMNS}
      )
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v payouts%ROWTYPE;
      BEGIN
        SELECT * INTO v FROM payouts p WHERE p.id = p_payout_id FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        -- A new statement, so a new snapshot: it sees every attempt committed before the lock was granted.
        RETURN QUERY
          SELECT v.id, v.client_id, v.status, v.version, v.amount, v.currency::text, v.beneficiary_name, v.iban_last4,
            v.bank_code, v.customer, v.reference, v.description, v.metadata, v.requested_provider, v.provider,
            v.routing, v.failure, v.next_check_at, v.needs_attention, v.contradiction, v.created_at, v.updated_at,
            v.completed_at, ${attemptValues('a')}
          FROM (SELECT 1) AS one
          LEFT JOIN LATERAL (
            SELECT * FROM payout_attempts pa WHERE pa.payout_id = p_payout_id
            ORDER BY pa.created_at, pa.id
            FOR UPDATE
          ) a ON true
          ORDER BY a.created_at, a.id;
      END
      $fn$
    `);
    await queryRunner.query(`DROP FUNCTION "create_payout_once"`);
    await queryRunner.query(`
      CREATE FUNCTION "create_payout_once"(
        p_client_id uuid, p_key text, p_request_hash text,
        p_payout_id uuid, p_amount bigint, p_currency text, p_beneficiary_name text, p_iban_encrypted text,
        p_iban_last4 text, p_bank_code text, p_national_id_encrypted text, p_customer jsonb, p_reference text,
        p_description text, p_metadata jsonb, p_requested_provider text, p_next_check_at timestamptz,
        p_created_at timestamptz, p_event jsonb, p_body json, p_messages jsonb
      ) RETURNS TABLE (outcome text, request_hash text, response_status integer, response_body json)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_event_id bigint;
      BEGIN
        -- Never waits: a concurrent request with the key is answered 409. Released at the end of the transaction,
        -- after its rows are visible, so the next request with the key finds the stored answer.
        IF NOT pg_try_advisory_xact_lock(hashtextextended(p_client_id::text || ':' || p_key, 0)) THEN
          RETURN QUERY SELECT 'locked'::text, NULL::text, NULL::integer, NULL::json;
          RETURN;
        END IF;
        RETURN QUERY SELECT 'stored'::text, k.request_hash, k.response_status, k.response_body
          FROM idempotency_keys k WHERE k.client_id = p_client_id AND k.key = p_key;
        IF FOUND THEN
          RETURN;
        END IF;
        IF p_payout_id IS NULL THEN
          RETURN QUERY SELECT 'absent'::text, NULL::text, NULL::integer, NULL::json;
          RETURN;
        END IF;

        INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
          iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata, requested_provider,
          next_check_at, created_at, updated_at)
        VALUES (p_payout_id, p_client_id, 'pending', 1, p_amount, p_currency, p_beneficiary_name, p_iban_encrypted,
          p_iban_last4, p_bank_code, p_national_id_encrypted, p_customer, p_reference, p_description, p_metadata,
          p_requested_provider, p_next_check_at, p_created_at, p_created_at);

        INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence,
          applied, reason, detail, tx_id, snapshot, created_at)
        VALUES (p_payout_id, p_client_id, 1, NULL, 'pending', p_event->>'source', p_event->>'actor', NULL, true,
          p_event->>'reason', p_event->>'detail', pg_current_xact_id()::text::bigint, p_body, p_created_at)
        RETURNING id INTO v_event_id;

        -- The event id is known only now: a message that carries one (the status-changed notification) gets it here.
        -- The rows themselves (which are kept, in what order) are add_outbox_messages' rule, as for every writer.
        PERFORM add_outbox_messages((
          SELECT jsonb_agg(
            CASE WHEN (e.m->'payload') ? 'eventId'
              THEN jsonb_set(e.m, '{payload,eventId}', to_jsonb(v_event_id::text))
              ELSE e.m END
            ORDER BY e.n)
          FROM jsonb_array_elements(p_messages) WITH ORDINALITY AS e(m, n)));

        INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, payout_id,
          created_at)
        VALUES (p_client_id, p_key, p_request_hash, 201, p_body, p_payout_id, p_created_at);

        -- The caller has the answer it sent: no need to send it back.
        RETURN QUERY SELECT 'created'::text, NULL::text, NULL::integer, NULL::json;
      END
      $fn$
    `);
    await queryRunner.query(`DROP INDEX "public"."payouts_scheduled_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payouts_next_check_idx"`);
    await queryRunner.query(
      `CREATE INDEX "payouts_next_check_idx" ON "payouts" ("next_check_at") WHERE status IN (${IN_FLIGHT_BEFORE})`,
    );
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "payouts_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "payouts_status_check" CHECK (status IN (${STATUSES_BEFORE}))`,
    );
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "scheduled_for"`);
  }
}
