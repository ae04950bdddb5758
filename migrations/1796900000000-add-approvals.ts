import { MigrationInterface, QueryRunner } from 'typeorm';

/** The attempt columns both functions return, as `attempt_<column>` (the payout's own columns keep their names). */
export const ATTEMPT_COLUMNS = `attempt_id uuid, attempt_payout_id uuid, attempt_provider text, attempt_reference text,
  attempt_provider_id text, attempt_status text, attempt_failure jsonb, attempt_last_raw_answer jsonb,
  attempt_poll_count integer, attempt_last_polled_at timestamptz, attempt_submitted_at timestamptz,
  attempt_send_count integer, attempt_ambiguous_since timestamptz, attempt_last_sent_at timestamptz,
  attempt_created_at timestamptz, attempt_updated_at timestamptz`;

export const attemptValues = (a: string) => `${a}.id, ${a}.payout_id, ${a}.provider, ${a}.reference, ${a}.provider_id,
  ${a}.status, ${a}.failure, ${a}.last_raw_answer, ${a}.poll_count, ${a}.last_polled_at, ${a}.submitted_at,
  ${a}.send_count, ${a}.ambiguous_since, ${a}.last_sent_at, ${a}.created_at, ${a}.updated_at`;

const IN_FLIGHT_BEFORE = `'scheduled', 'pending', 'submitting', 'processing', 'manual_review'`;
const IN_FLIGHT_AFTER = `'awaiting_approval', ${IN_FLIGHT_BEFORE}`;
const STATUSES_BEFORE = `'scheduled', 'pending', 'submitting', 'processing', 'manual_review', 'succeeded', 'returned', 'failed', 'canceled'`;
const STATUSES_AFTER = `'awaiting_approval', ${STATUSES_BEFORE}`;

/** create_payout_once as migration 1796800000000 left it (for down). */
const CREATE_PAYOUT_ONCE_BEFORE = `
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
`;

/** lock_payout_for_transition as migration 1796800000000 left it (for down). */
const LOCK_BEFORE = `
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
`;

/** apply_payout_transition as migration 1796700000000 left it (for down). */
const APPLY_BEFORE = `
      CREATE FUNCTION "apply_payout_transition"(
        p_payout_id uuid,
        p_attempt_id uuid, p_attempt_status text, p_attempt_provider_id text, p_attempt_sets_failure boolean,
        p_attempt_failure jsonb, p_attempt_raw_answer jsonb, p_attempt_submitted_at timestamptz,
        p_attempt_polled boolean,
        p_new_attempt_id uuid, p_new_attempt_provider text, p_new_attempt_reference text, p_new_attempt_status text,
        p_new_attempt_submitted_at timestamptz,
        p_expected_version integer, p_status text, p_version integer, p_failure jsonb, p_provider text,
        p_routing jsonb, p_next_check_at timestamptz, p_needs_attention boolean, p_contradiction boolean,
        p_updated_at timestamptz, p_completed_at timestamptz,
        p_client_id uuid, p_event_version integer, p_from_status text, p_to_status text, p_source text,
        p_actor text, p_evidence jsonb, p_applied boolean, p_reason text, p_detail text, p_snapshot json,
        p_flags_contradiction boolean,
        p_messages jsonb, p_event_messages integer,
        p_audit_id uuid, p_audit_actor_client_id uuid, p_audit_action text, p_audit_subject_type text,
        p_audit_subject_id text, p_audit_reason text, p_audit_details jsonb,
        p_now timestamptz
      ) RETURNS TABLE (event_id bigint, ${ATTEMPT_COLUMNS})
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v_attempt payout_attempts%ROWTYPE;
        v_event_id bigint;
      BEGIN
        IF p_attempt_id IS NOT NULL THEN
          -- COALESCE keeps a column the change leaves out; the failure can be cleared explicitly with NULL.
          UPDATE payout_attempts SET
            status = COALESCE(p_attempt_status, status),
            provider_id = COALESCE(p_attempt_provider_id, provider_id),
            failure = CASE WHEN p_attempt_sets_failure THEN p_attempt_failure ELSE failure END,
            last_raw_answer = COALESCE(p_attempt_raw_answer, last_raw_answer),
            submitted_at = COALESCE(submitted_at, p_attempt_submitted_at),
            poll_count = poll_count + CASE WHEN p_attempt_polled THEN 1 ELSE 0 END,
            last_polled_at = CASE WHEN p_attempt_polled THEN p_now ELSE last_polled_at END,
            updated_at = p_now
          WHERE id = p_attempt_id
          RETURNING * INTO v_attempt;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'attempt % does not exist', p_attempt_id;
          END IF;
        END IF;

        IF p_new_attempt_id IS NOT NULL THEN
          INSERT INTO payout_attempts (id, payout_id, provider, reference, status, submitted_at, created_at, updated_at)
          VALUES (p_new_attempt_id, p_payout_id, p_new_attempt_provider, p_new_attempt_reference, p_new_attempt_status,
            p_new_attempt_submitted_at, p_now, p_now)
          RETURNING * INTO v_attempt;
        END IF;

        IF p_expected_version IS NOT NULL THEN
          UPDATE payouts SET status = p_status, version = p_version, failure = p_failure, provider = p_provider,
            routing = p_routing, next_check_at = p_next_check_at, needs_attention = p_needs_attention,
            contradiction = p_contradiction, updated_at = p_updated_at, completed_at = p_completed_at
          WHERE id = p_payout_id AND version = p_expected_version;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'payout % is no longer at version %: it was changed without its row lock',
              p_payout_id, p_expected_version
              USING CONSTRAINT = 'payout_version_guard';
          END IF;
        END IF;

        INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence,
          applied, reason, detail, tx_id, snapshot, created_at, flags_contradiction)
        VALUES (p_payout_id, p_client_id, p_event_version, p_from_status, p_to_status, p_source, p_actor, p_evidence,
          p_applied, p_reason, p_detail, pg_current_xact_id()::text::bigint, p_snapshot, p_now, p_flags_contradiction)
        RETURNING id INTO v_event_id;

        IF jsonb_array_length(p_messages) > 0 THEN
          PERFORM add_outbox_messages((
            SELECT jsonb_agg(
              CASE WHEN e.n <= p_event_messages
                THEN jsonb_set(e.m, '{payload,eventId}', to_jsonb(v_event_id::text))
                ELSE e.m END
              ORDER BY e.n)
            FROM jsonb_array_elements(p_messages) WITH ORDINALITY AS e(m, n)));
        END IF;

        IF p_audit_id IS NOT NULL THEN
          INSERT INTO audit_log (id, actor_client_id, action, subject_type, subject_id, reason, details, created_at)
          VALUES (p_audit_id, p_audit_actor_client_id, p_audit_action, p_audit_subject_type, p_audit_subject_id,
            p_audit_reason, p_audit_details, p_now);
        END IF;

        RETURN QUERY SELECT v_event_id, ${attemptValues('v_attempt')};
      END
      $fn$
`;

/** lock_payout_for_transition as this migration leaves it (migration 1797350000000 goes back to it). */
export const LOCK_WITH_APPROVAL = `
      CREATE FUNCTION "lock_payout_for_transition"(p_payout_id uuid)
      RETURNS TABLE (
        id uuid, client_id uuid, status text, version integer, amount bigint, currency text, beneficiary_name text,
        iban_last4 text, bank_code text, customer jsonb, reference text, description text, metadata jsonb,
        requested_provider text, provider text, routing jsonb, failure jsonb, next_check_at timestamptz,
        needs_attention boolean, contradiction boolean, created_at timestamptz, updated_at timestamptz,
        completed_at timestamptz, scheduled_for timestamptz, approval jsonb, ${ATTEMPT_COLUMNS}
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
            v.completed_at, v.scheduled_for, v.approval, ${attemptValues('a')}
          FROM (SELECT 1) AS one
          LEFT JOIN LATERAL (
            SELECT * FROM payout_attempts pa WHERE pa.payout_id = p_payout_id
            ORDER BY pa.created_at, pa.id
            FOR UPDATE
          ) a ON true
          ORDER BY a.created_at, a.id;
      END
      $fn$
    `;

/** apply_payout_transition as this migration leaves it (migration 1797350000000 goes back to it). */
export const APPLY_WITH_APPROVAL = `
      CREATE FUNCTION "apply_payout_transition"(
        p_payout_id uuid,
        p_attempt_id uuid, p_attempt_status text, p_attempt_provider_id text, p_attempt_sets_failure boolean,
        p_attempt_failure jsonb, p_attempt_raw_answer jsonb, p_attempt_submitted_at timestamptz,
        p_attempt_polled boolean,
        p_new_attempt_id uuid, p_new_attempt_provider text, p_new_attempt_reference text, p_new_attempt_status text,
        p_new_attempt_submitted_at timestamptz,
        p_expected_version integer, p_status text, p_version integer, p_failure jsonb, p_provider text,
        p_routing jsonb, p_next_check_at timestamptz, p_needs_attention boolean, p_contradiction boolean,
        p_updated_at timestamptz, p_completed_at timestamptz,
        p_client_id uuid, p_event_version integer, p_from_status text, p_to_status text, p_source text,
        p_actor text, p_evidence jsonb, p_applied boolean, p_reason text, p_detail text, p_snapshot json,
        p_flags_contradiction boolean,
        p_messages jsonb, p_event_messages integer,
        p_audit_id uuid, p_audit_actor_client_id uuid, p_audit_action text, p_audit_subject_type text,
        p_audit_subject_id text, p_audit_reason text, p_audit_details jsonb,
        p_now timestamptz,
        p_approval jsonb, p_vote jsonb
      ) RETURNS TABLE (event_id bigint, ${ATTEMPT_COLUMNS})
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v_attempt payout_attempts%ROWTYPE;
        v_event_id bigint;
      BEGIN
        IF p_attempt_id IS NOT NULL THEN
          -- COALESCE keeps a column the change leaves out; the failure can be cleared explicitly with NULL.
          UPDATE payout_attempts SET
            status = COALESCE(p_attempt_status, status),
            provider_id = COALESCE(p_attempt_provider_id, provider_id),
            failure = CASE WHEN p_attempt_sets_failure THEN p_attempt_failure ELSE failure END,
            last_raw_answer = COALESCE(p_attempt_raw_answer, last_raw_answer),
            submitted_at = COALESCE(submitted_at, p_attempt_submitted_at),
            poll_count = poll_count + CASE WHEN p_attempt_polled THEN 1 ELSE 0 END,
            last_polled_at = CASE WHEN p_attempt_polled THEN p_now ELSE last_polled_at END,
            updated_at = p_now
          WHERE id = p_attempt_id
          RETURNING * INTO v_attempt;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'attempt % does not exist', p_attempt_id;
          END IF;
        END IF;

        IF p_new_attempt_id IS NOT NULL THEN
          INSERT INTO payout_attempts (id, payout_id, provider, reference, status, submitted_at, created_at, updated_at)
          VALUES (p_new_attempt_id, p_payout_id, p_new_attempt_provider, p_new_attempt_reference, p_new_attempt_status,
            p_new_attempt_submitted_at, p_now, p_now)
          RETURNING * INTO v_attempt;
        END IF;

        IF p_expected_version IS NOT NULL THEN
          UPDATE payouts SET status = p_status, version = p_version, failure = p_failure, provider = p_provider,
            routing = p_routing, next_check_at = p_next_check_at, needs_attention = p_needs_attention,
            contradiction = p_contradiction, updated_at = p_updated_at, completed_at = p_completed_at,
            approval = COALESCE(p_approval, approval)
          WHERE id = p_payout_id AND version = p_expected_version;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'payout % is no longer at version %: it was changed without its row lock',
              p_payout_id, p_expected_version
              USING CONSTRAINT = 'payout_version_guard';
          END IF;
        END IF;

        -- An approver's vote: payout_approvals_pkey (payout_id, client_id) refuses a second one from the same client.
        IF p_vote IS NOT NULL THEN
          INSERT INTO payout_approvals (payout_id, client_id, decision, reason, created_at)
          VALUES (p_payout_id, (p_vote->>'clientId')::uuid, p_vote->>'decision', p_vote->>'reason', p_now);
        END IF;

        INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence,
          applied, reason, detail, tx_id, snapshot, created_at, flags_contradiction)
        VALUES (p_payout_id, p_client_id, p_event_version, p_from_status, p_to_status, p_source, p_actor, p_evidence,
          p_applied, p_reason, p_detail, pg_current_xact_id()::text::bigint, p_snapshot, p_now, p_flags_contradiction)
        RETURNING id INTO v_event_id;

        IF jsonb_array_length(p_messages) > 0 THEN
          PERFORM add_outbox_messages((
            SELECT jsonb_agg(
              CASE WHEN e.n <= p_event_messages
                THEN jsonb_set(e.m, '{payload,eventId}', to_jsonb(v_event_id::text))
                ELSE e.m END
              ORDER BY e.n)
            FROM jsonb_array_elements(p_messages) WITH ORDINALITY AS e(m, n)));
        END IF;

        IF p_audit_id IS NOT NULL THEN
          INSERT INTO audit_log (id, actor_client_id, action, subject_type, subject_id, reason, details, created_at)
          VALUES (p_audit_id, p_audit_actor_client_id, p_audit_action, p_audit_subject_type, p_audit_subject_id,
            p_audit_reason, p_audit_details, p_now);
        END IF;

        RETURN QUERY SELECT v_event_id, ${attemptValues('v_attempt')};
      END
      $fn$
    `;

/**
 * Maker-checker approvals (programs.md, decision 0010).
 *
 * - `approval_policies`: one row per version of the approval policy (the newest is current; none means no policy),
 *   with who set it and why; the rules are the policy's JSON (amounts as minor-unit strings).
 * - `payouts.approval`: the approval record of a payout the policy held (`policyVersion`, `required`, `expiresAt`,
 *   `approvals`), NULL for one that needed none. The status CHECK gains `awaiting_approval`; `payouts_next_check_idx`
 *   covers it (its next_check_at is the approval deadline); `payouts_approval_due_idx` serves the expiry job's scan
 *   and `payouts_awaiting_approval_idx` the approvals queue (oldest first).
 * - `payout_approvals`: one row per approver's decision; its primary key (payout_id, client_id) is the "one vote per
 *   client" rule in Postgres.
 * - `create_payout_once` takes the status, the approval record and the policy version the status was decided on (a
 *   newer policy sends the current one back, nothing written); `lock_payout_for_transition` returns `approval`;
 *   `apply_payout_transition` writes a new approval record and the vote with the decision.
 *
 * Down refuses while a payout still awaits approval: the old schema has no status to keep it in.
 */
export class AddApprovals1796900000000 implements MigrationInterface {
  name = 'AddApprovals1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "approval_policies" (
        "version" integer NOT NULL,
        "rules" jsonb NOT NULL,
        "reason" text NOT NULL,
        "actor_client_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "approval_policies_pkey" PRIMARY KEY ("version"),
        CONSTRAINT "approval_policies_version_positive" CHECK (version > 0),
        CONSTRAINT "approval_policies_actor_client_id_fkey" FOREIGN KEY ("actor_client_id") REFERENCES "clients"("id")
      )
    `);
    await queryRunner.query(`ALTER TABLE "payouts" ADD "approval" jsonb`);
    await queryRunner.query(`
      CREATE TABLE "payout_approvals" (
        "payout_id" uuid NOT NULL,
        "client_id" uuid NOT NULL,
        "decision" text NOT NULL,
        "reason" text,
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "payout_approvals_pkey" PRIMARY KEY ("payout_id", "client_id"),
        CONSTRAINT "payout_approvals_decision_check" CHECK (decision IN ('approve', 'reject')),
        CONSTRAINT "payout_approvals_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id"),
        CONSTRAINT "payout_approvals_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id")
      )
    `);
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "payouts_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "payouts_status_check" CHECK (status IN (${STATUSES_AFTER}))`,
    );
    await queryRunner.query(`DROP INDEX "public"."payouts_next_check_idx"`);
    await queryRunner.query(
      `CREATE INDEX "payouts_next_check_idx" ON "payouts" ("next_check_at") WHERE status IN (${IN_FLIGHT_AFTER})`,
    );
    await queryRunner.query(
      `CREATE INDEX "payouts_approval_due_idx" ON "payouts" ("next_check_at") WHERE status = 'awaiting_approval'`,
    );
    await queryRunner.query(
      `CREATE INDEX "payouts_awaiting_approval_idx" ON "payouts" ("created_at", "id") WHERE status = 'awaiting_approval'`,
    );
    await queryRunner.query(`DROP FUNCTION "create_payout_once"`);
    await queryRunner.query(`
      CREATE FUNCTION "create_payout_once"(
        p_client_id uuid, p_key text, p_request_hash text,
        p_payout_id uuid, p_amount bigint, p_currency text, p_beneficiary_name text, p_iban_encrypted text,
        p_iban_last4 text, p_bank_code text, p_national_id_encrypted text, p_customer jsonb, p_reference text,
        p_description text, p_metadata jsonb, p_requested_provider text, p_next_check_at timestamptz,
        p_created_at timestamptz, p_scheduled_for timestamptz, p_event jsonb, p_body json, p_messages jsonb,
        p_status text, p_approval jsonb, p_policy_version integer
      ) RETURNS TABLE (outcome text, request_hash text, response_status integer, response_body json)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_event_id bigint;
        v_policy_version integer;
        v_policy_rules jsonb;
        -- The caller decided the status with the approval policy at p_policy_version (awaiting_approval when it asks
        -- for approvals, else scheduled with a release time, else pending).
        v_status text := p_status;
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
        -- The status was decided on the policy the caller knew: if another is current, nothing is written and the
        -- current one goes back, so the caller decides again on it (one more round trip, only after a change).
        SELECT ap.version, ap.rules INTO v_policy_version, v_policy_rules
          FROM approval_policies ap ORDER BY ap.version DESC LIMIT 1;
        IF COALESCE(v_policy_version, 0) <> p_policy_version THEN
          RETURN QUERY SELECT 'policy_changed'::text, NULL::text, NULL::integer,
            json_build_object('version', COALESCE(v_policy_version, 0), 'rules', COALESCE(v_policy_rules, '[]'::jsonb));
          RETURN;
        END IF;

        INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
          iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata, requested_provider,
          next_check_at, created_at, updated_at, scheduled_for, approval)
        VALUES (p_payout_id, p_client_id, v_status, 1, p_amount, p_currency, p_beneficiary_name, p_iban_encrypted,
          p_iban_last4, p_bank_code, p_national_id_encrypted, p_customer, p_reference, p_description, p_metadata,
          p_requested_provider, p_next_check_at, p_created_at, p_created_at, p_scheduled_for, p_approval);

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
    await queryRunner.query(LOCK_WITH_APPROVAL);
    await queryRunner.query(`DROP FUNCTION "apply_payout_transition"`);
    await queryRunner.query(APPLY_WITH_APPROVAL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ count }]: { count: number }[] = await queryRunner.query(
      `SELECT count(*)::int AS count FROM payouts WHERE status = 'awaiting_approval'`,
    );
    if (count > 0) throw new Error(`${count} payouts still await approval: decide or cancel them before going down`);
    await queryRunner.query(`DROP FUNCTION "apply_payout_transition"`);
    await queryRunner.query(APPLY_BEFORE);
    await queryRunner.query(`DROP FUNCTION "lock_payout_for_transition"`);
    await queryRunner.query(LOCK_BEFORE);
    await queryRunner.query(`DROP FUNCTION "create_payout_once"`);
    await queryRunner.query(CREATE_PAYOUT_ONCE_BEFORE);
    await queryRunner.query(`DROP INDEX "public"."payouts_awaiting_approval_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payouts_approval_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payouts_next_check_idx"`);
    await queryRunner.query(
      `CREATE INDEX "payouts_next_check_idx" ON "payouts" ("next_check_at") WHERE status IN (${IN_FLIGHT_BEFORE})`,
    );
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "payouts_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "payouts_status_check" CHECK (status IN (${STATUSES_BEFORE}))`,
    );
    await queryRunner.query(`DROP TABLE "payout_approvals"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "approval"`);
    await queryRunner.query(`DROP TABLE "approval_policies"`);
  }
}
