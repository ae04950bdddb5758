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

/**
 * A payout status change (TransitionPayout) in two round trips inside its transaction instead of eight to ten
 * (issue 18): `lock_payout_for_transition` reads what the decision needs, `apply_payout_transition` writes what it
 * decided. The decision itself stays in TypeScript, between the two.
 *
 * `lock_payout_for_transition` locks the payout row (FOR UPDATE, as before), then its attempts, and returns the
 * payout with one row per attempt (oldest first; one row with NULL attempt columns when it has none). A function
 * rather than one SELECT because each statement of a plpgsql function takes a new snapshot under READ COMMITTED: the
 * attempts must be read after the payout's lock is granted, so that an attempt the previous holder inserted is seen;
 * a single statement reads with the snapshot it took before it waited. The attempts are locked FOR UPDATE (all of
 * them: which one the decision is about is known only once it is made): a claimSend (an UPDATE of the attempt) waits
 * for the decision and the decision for a claimSend in progress, so no send is claimed between the decision's read
 * of the attempt and its commit (invariants 2a-2c).
 *
 * `apply_payout_transition` writes, in the order TransitionPayout wrote them one by one: the attempt change
 * (`p_attempt_id`; absent fields stay), the new attempt (`p_new_attempt_id`; payout_attempts_one_live and the
 * provider_daily_usage_track trigger refuse it as before), the payout row (`p_expected_version`; NULL leaves it
 * untouched), the event, the outbox messages (the first `p_event_messages` of them get the event's id, which only
 * the database knows; add_outbox_messages decides which rows are kept), and the audit entry (`p_audit_id`). It
 * returns the event's id and the attempt as written, if one was.
 */
export class AddPayoutTransitionFunctions1796700000000 implements MigrationInterface {
  name = 'AddPayoutTransitionFunctions1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query(`
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
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "apply_payout_transition"`);
    await queryRunner.query(`DROP FUNCTION "lock_payout_for_transition"`);
  }
}
