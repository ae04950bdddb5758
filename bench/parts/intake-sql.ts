/**
 * The pgbench script for the intake baseline: the one statement CreatePayout sends (`create_payout_once`, through
 * TypeOrmPayoutIntake in libs/payouts/persistence), with arguments of the same size: inside it the advisory lock on
 * the key, the stored-answer lookup, the payout, the creation event, the outbox rows (`add_outbox_messages`: the
 * notification only for a client with a callback URL, which the bench client has not) and the stored answer.
 * Random ids per transaction (`:r`); `:client` is the bench client (foreign keys). Not included, because they are not
 * part of the transaction: the API-key lookup (cached for a second) and the Redis rate-limit call the api makes
 * before it.
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
  const event = JSON.stringify({
    source: 'api',
    actor: '-',
    reason: 'created',
    detail: 'created by the client',
  }).replace(/":/g, '": ');
  const messages = JSON.stringify([
    { queue: 'dispatch', jobName: 'dispatch-payout', payload: { payoutId: '01a1f7c2-0000-7000-8000-000000000000' } },
    {
      queue: 'notifications',
      jobName: 'payout-status-changed',
      payload: {
        payoutId: '01a1f7c2-0000-7000-8000-000000000000',
        clientId: '01a1f7c2-0000-7000-8000-000000000001',
        eventId: '',
        version: 1,
        status: 'pending',
      },
    },
  ]).replace(/":/g, '": ');
  // The notification names the bench client as its `forCallbackClient`, as statusChangedMessage does, so the outbox
  // insert probes the same client row as the api's (the bench client has no callback URL: no notification row).
  // One statement, as TypeOrmPayoutIntake sends it (no BEGIN/COMMIT: the function's statement is its transaction):
  // no release time, status pending, no approval record, approval policy version 0 (none set), as the bench client's
  // payouts are created.
  return `\\set r random(1, 9000000000000000000)
SELECT outcome, request_hash, response_status, response_body FROM create_payout_once(:client, ${key}, '${'f'.repeat(64)}', ${payout}, 250000, 'TRY', 'Ahmet Yilmaz', '${sealedIban}', '7890', '00100', '${sealedNationalId}', '{"id": "user-12345", "label": "Ahmet Y."}', 'order-991', 'Winnings withdrawal', '{"orderId": "991"}', NULL, now() + interval '2 minutes', now(), NULL, '${event}', '${view}', jsonb_set('${messages}', '{1,forCallbackClient}', to_jsonb(:client::text)), 'pending', NULL, 0);
`;
}
