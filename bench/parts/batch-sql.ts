/**
 * The pgbench script for the batch-intake baseline (issue 16, "Numbers"): the rows `POST /v1/payout-batches` stores for
 * a batch of `items` pending items, inserted the fastest way SQL allows — one transaction, one set-based INSERT per
 * table from generate_series — with values of the same sizes as the api's: the batch row, every payout (sealed IBAN and
 * national id, as AES-GCM base64url), every creation event with its snapshot (the payout view), and the idempotency key
 * with the stored answer. The bench client has no callback URL, so the api writes no outbox rows either. Random ids per
 * transaction (`:r`); `:client` is the bench client (foreign keys). Not included, because pgbench has nothing to
 * compare them with: parsing and validating the request (IBAN mod-97, national id checksum, per item) and sealing.
 */
export function batchInsertScript(items: number): string {
  const sealedIban = `v1.k1.${'A'.repeat(16)}.${'B'.repeat(22)}.${'C'.repeat(35)}`;
  const sealedNationalId = `v1.k1.${'A'.repeat(16)}.${'B'.repeat(22)}.${'C'.repeat(15)}`;
  // pgbench reads ":name" as a variable even inside quotes: no colon may be followed by a letter or digit.
  const view = JSON.stringify({
    id: '01a1f7c2-0000-7000-8000-000000000000',
    status: 'pending',
    version: 1,
    amount: '250000',
    currency: 'TRY',
    beneficiary: { name: 'Ahmet Yilmaz', ibanLast4: '7890', bankCode: '00100' },
    customer: null,
    reference: null,
    description: null,
    metadata: {},
    provider: null,
    providerReference: null,
    failure: null,
    routing: null,
    createdAt: '2026-01-01T00.00.00.000Z',
    updatedAt: '2026-01-01T00.00.00.000Z',
    completedAt: null,
    scheduledFor: null,
    batchId: '01a1f7c2-0000-7000-8000-000000000002',
    itemReference: 'item-1',
  }).replace(/":/g, '": ');
  const batchView = JSON.stringify({
    id: '01a1f7c2-0000-7000-8000-000000000002',
    status: 'open',
    reference: 'bench',
    itemCount: items,
    totalAmount: String(250000 * items),
    currency: 'TRY',
    counts: { pending: items },
    createdAt: '2026-01-01T00.00.00.000Z',
    completedAt: null,
  }).replace(/":/g, '": ');
  const batch = `md5('b' || :r)::uuid`;
  const payout = `md5('p' || :r || '-' || g)::uuid`;
  return `\\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO payout_batches (id, client_id, status, reference, description, metadata, item_count, total_amount, currency, approval, created_at, updated_at, completed_at) VALUES (${batch}, :client, 'open', 'bench', NULL, '{}', ${items}, ${250000 * items}, 'TRY', NULL, now(), now(), NULL);
INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted, iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata, requested_provider, next_check_at, created_at, updated_at, scheduled_for, batch_id, item_reference) SELECT ${payout}, :client, 'pending', 1, 250000, 'TRY', 'Ahmet Yilmaz', '${sealedIban}', '7890', '00100', '${sealedNationalId}', NULL, NULL, NULL, '{}', NULL, now(), now(), now(), NULL, ${batch}, 'item-' || g FROM generate_series(1, ${items}) g;
INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence, applied, reason, detail, tx_id, snapshot, created_at) SELECT ${payout}, :client, 1, NULL, 'pending', 'api', '-', NULL, true, 'created', 'created by the client', pg_current_xact_id()::text::bigint, '${view}', now() FROM generate_series(1, ${items}) g;
INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, payout_id, batch_id, created_at) VALUES (:client, 'bk' || :r, '${'f'.repeat(64)}', 201, '${batchView}', NULL, ${batch}, now());
COMMIT;
`;
}
