import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `create_payout_once`: the whole of an intake in one statement (one round trip instead of nine; issue 18). A
 * function rather than a CTE because each statement in a plpgsql function takes a new snapshot under READ COMMITTED:
 * the stored-answer read must see what the previous holder of the advisory lock committed, and a CTE's sub-statements
 * all share the snapshot taken before the lock was granted. With `p_payout_id` NULL it only takes the lock and reads
 * the stored answer (a request whose body was refused: the answer still depends on the key).
 *
 * `add_outbox_messages` is the one place that writes outbox rows from a list of OutboxMessage (payouts'
 * `OutboxRepository` calls it too): a client notification (`forCallbackClient`) is kept only while that client has a
 * callback URL and is not revoked, decided in the same statement; the rows keep the list's order.
 */
export class AddCreatePayoutOnce1796610000000 implements MigrationInterface {
  name = 'AddCreatePayoutOnce1796610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "add_outbox_messages"(p_messages jsonb) RETURNS void
      LANGUAGE sql AS $fn$
        INSERT INTO outbox (queue, job_name, payload)
        SELECT m.message->>'queue', m.message->>'jobName', m.message->'payload'
        FROM jsonb_array_elements(p_messages) WITH ORDINALITY AS m(message, n)
        WHERE m.message->>'forCallbackClient' IS NULL
           OR EXISTS (SELECT 1 FROM clients c
                      WHERE c.id = (m.message->>'forCallbackClient')::uuid
                        AND c.callback_url IS NOT NULL AND c.revoked_at IS NULL)
        ORDER BY m.n
      $fn$
    `);
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "create_payout_once"`);
    await queryRunner.query(`DROP FUNCTION "add_outbox_messages"`);
  }
}
