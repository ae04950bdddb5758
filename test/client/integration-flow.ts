import type { ExpandedPayout, Payout, PayoutsClient } from '../../clients/typescript';

// What an internal service does with the generated client: create a payout (safe to retry), read it back with its
// history, find it in the list, cancel it and catch up on its status changes from the events feed. It compiles with
// `tsc --strict` and no casts (test/client/client-check.ts): every type here comes from the served document. The e2e
// test (test/e2e/typescript-client.spec.ts) runs it against the real app.

export interface FlowOutcome {
  created: Payout;
  replayed: boolean;
  fetched: ExpandedPayout;
  listedIds: string[];
  canceled: Payout;
  feedTypes: string[];
  secondCancel: { status: number; code: string };
}

export async function runIntegrationFlow(client: PayoutsClient, reference: string): Promise<FlowOutcome> {
  const body = {
    amount: '250000',
    currency: 'TRY',
    beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR32 0010 0099 9990 1234 5678 90' },
    customer: { id: 'user-12345', label: 'Ahmet Y.' },
    reference,
    metadata: { orderId: reference },
  };
  const idempotencyKey = `flow-${reference}`;
  const first = await client.createPayout(body, { idempotencyKey });
  if (!first.ok) throw new Error(`create: ${first.problem.code}: ${first.problem.detail}`);
  // A service that lost the answer sends the same request again: the same payout comes back, marked replayed.
  const again = await client.createPayout(body, { idempotencyKey });
  if (!again.ok) throw new Error(`replay: ${again.problem.code}`);

  const got = await client.api.GET('/v1/payouts/{id}', {
    params: { path: { id: first.payout.id }, query: { expand: 'attempts,events' } },
  });
  if (!got.data) throw new Error(`get: ${got.error.code}`);

  const listed = await client.api.GET('/v1/payouts', { params: { query: { reference, limit: 10 } } });
  if (!listed.data) throw new Error(`list: ${listed.error.code}`);

  const canceled = await client.api.POST('/v1/payouts/{id}/cancel', {
    params: { path: { id: first.payout.id } },
    body: { reason: 'the order was withdrawn' },
  });
  if (!canceled.data) throw new Error(`cancel: ${canceled.error.code}`);
  const secondCancel = await client.api.POST('/v1/payouts/{id}/cancel', {
    params: { path: { id: first.payout.id } },
    body: {},
  });
  if (!secondCancel.error) throw new Error('a second cancel was accepted');

  // A consumer reads on from its cursor until it has caught up with what it did. The feed hands out an event only
  // once every older transaction on the database server has ended, so the cancel's event may come a moment after the
  // cancel's answer (another database's long transaction on the same server is enough): an empty page means "not
  // yet", not "never".
  const feedTypes: string[] = [];
  let after: string | undefined;
  const deadline = Date.now() + 15_000;
  while (!feedTypes.includes('payout.canceled') && Date.now() < deadline) {
    const feed = await client.api.GET('/v1/events', {
      params: { query: after ? { after, limit: 100 } : { limit: 100 } },
    });
    if (!feed.data) throw new Error(`events: ${feed.error.code}`);
    for (const item of feed.data.data) if (item.payoutId === first.payout.id) feedTypes.push(item.type);
    if (feed.data.nextCursor !== null) after = feed.data.nextCursor;
    if (feed.data.data.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    created: first.payout,
    replayed: again.replayed,
    fetched: got.data,
    listedIds: listed.data.data.map((payout) => payout.id),
    canceled: canceled.data,
    feedTypes,
    secondCancel: { status: secondCancel.response.status, code: secondCancel.error.code },
  };
}
