/**
 * The pgbench script for the intake baseline: the statements CreatePayout runs inside its one transaction, in its
 * order and with rows of the same size (libs/payouts/application/create-payout.ts and the repositories in
 * libs/payouts/persistence): the advisory lock on the key, the stored-answer lookup, the payout insert and re-read,
 * the creation event, the outbox rows (the notification only for a client with a callback URL) and the stored answer. Random ids per transaction (`:r`); `:client` is the
 * bench client (foreign keys). Not included, because they are not part of the transaction: the API-key lookup and the
 * Redis rate-limit call the api makes before it.
 */
export function intakeScript(): string {
  const payout = `md5('p' || :r)::uuid`;
  const key = `'k' || :r`;
  // The sizes of what the api stores: a sealed IBAN / national id (AES-GCM, base64url) and the payout view JSON.
  const sealedIban = `v1.k1.${'A'.repeat(16)}.${'B'.repeat(22)}.${'C'.repeat(35)}`;
  const sealedNationalId = `v1.k1.${'A'.repeat(16)}.${'B'.repeat(22)}.${'C'.repeat(15)}`;
  const view = JSON.stringify({
    id: '01a1f7c2-0000-7000-8000-000000000000',
    status: 'pending',
    version: 1,
    amount: '250000',
    currency: 'TRY',
    beneficiary: { name: 'Ahmet Yilmaz', ibanLast4: '7890', bankCode: '00100' },
    customer: { id: 'user-12345', label: 'Ahmet Y.' },
    reference: 'order-991',
    description: 'Winnings withdrawal',
    metadata: { orderId: '991' },
    provider: null,
    providerReference: null,
    failure: null,
    routing: null,
    createdAt: '2026-01-01T00.00.00.000Z',
    updatedAt: '2026-01-01T00.00.00.000Z',
    completedAt: null,
    // pgbench reads ":name" as a variable even inside quotes: no colon may be followed by a letter or digit.
  }).replace(/":/g, '": ');
  return `\\set r random(1, 9000000000000000000)
BEGIN;
SELECT pg_try_advisory_xact_lock(hashtextextended(:client || ':' || ${key}, 0)) AS locked;
SELECT request_hash, response_status, response_body, payout_id FROM idempotency_keys WHERE client_id = :client AND key = ${key};
INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted, iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata, requested_provider, next_check_at, created_at, updated_at) VALUES (${payout}, :client, 'pending', 1, 250000, 'TRY', 'Ahmet Yilmaz', '${sealedIban}', '7890', '00100', '${sealedNationalId}', '{"id":"user-12345","label":"Ahmet Y."}', 'order-991', 'Winnings withdrawal', '{"orderId":"991"}', NULL, now() + interval '2 minutes', now(), now());
SELECT p.id, p.client_id, p.status, p.version, p.amount, p.currency, p.beneficiary_name, p.iban_last4, p.bank_code, p.customer, p.reference, p.description, p.metadata, p.requested_provider, p.provider, p.routing, p.failure, p.next_check_at, p.needs_attention, p.contradiction, p.created_at, p.updated_at, p.completed_at, (SELECT a.provider_id FROM payout_attempts a WHERE a.payout_id = p.id ORDER BY a.created_at DESC, a.id DESC LIMIT 1) AS provider_reference FROM payouts p WHERE p.id = ${payout};
INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence, applied, reason, detail, tx_id, snapshot, created_at) VALUES (${payout}, :client, 1, NULL, 'pending', 'api', :client, NULL, true, 'created', 'created by the client', pg_current_xact_id()::text::bigint, '${view}'::json, now()) RETURNING *;
INSERT INTO outbox (queue, job_name, payload) SELECT m.queue, m.job_name, m.payload FROM unnest(ARRAY['dispatch', 'notifications'], ARRAY['dispatch-payout', 'payout-status-changed'], ARRAY[jsonb_build_object('payoutId', ${payout}), jsonb_build_object('payoutId', ${payout}, 'clientId', :client::text, 'eventId', '1', 'version', 1, 'status', 'pending')], ARRAY[NULL, :client::uuid]) WITH ORDINALITY AS m(queue, job_name, payload, client_id, n) WHERE m.client_id IS NULL OR EXISTS (SELECT 1 FROM clients c WHERE c.id = m.client_id AND c.callback_url IS NOT NULL AND c.revoked_at IS NULL) ORDER BY m.n;
INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, payout_id, created_at) VALUES (:client, ${key}, '${'f'.repeat(64)}', 201, '${view}'::json, ${payout}, now());
COMMIT;
`;
}
