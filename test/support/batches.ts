import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Stack } from './stack';

export interface BatchItemSpec {
  amount: string;
  provider?: string;
  metadata?: Record<string, string>;
}

export interface TestBatch {
  batchId: string;
  payoutIds: string[];
}

/**
 * A batch of `items` for the stack's client (or `key`'s), through `POST /v1/payout-batches` (JSON): its pending items
 * are due for the batch feeder at once, in their order. With `release: false` every item is created `scheduled` 30
 * days ahead, so nothing sends it until then.
 */
export async function createTestBatch(
  stack: Stack,
  items: readonly BatchItemSpec[],
  options: { key?: string; release?: boolean } = {},
): Promise<TestBatch> {
  const farAhead = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const body = {
    reference: `test-batch-${randomUUID()}`,
    items: items.map((item, index) => ({
      amount: item.amount,
      currency: 'TRY',
      beneficiary: { name: 'Ayşe Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
      itemReference: `item-${index + 1}`,
      ...(item.provider ? { provider: item.provider } : {}),
      ...(item.metadata ? { metadata: item.metadata } : {}),
      ...(options.release === false ? { scheduledFor: farAhead } : {}),
    })),
  };
  const headers = {
    'idempotency-key': randomUUID(),
    ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
  };
  for (let tries = 0; ; tries++) {
    const created = await stack
      .call<{ id: string }>('POST', '/v1/payout-batches', body, headers)
      .catch(() => undefined);
    if (created?.status === 201) {
      const rows = await queryStack<{ id: string }>(
        stack,
        `SELECT id FROM payouts WHERE batch_id = $1 ORDER BY substring(item_reference FROM 6)::int`,
        [created.body.id],
      );
      return { batchId: created.body.id, payoutIds: rows.map((row) => row.id) };
    }
    // The same key again on no answer, a 5xx or a 409 (the first request still holding the key).
    if (tries >= 5 || (created && created.status < 500 && created.status !== 409))
      throw new Error(`the batch was not created: ${created?.status} ${created?.text.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** tries));
  }
}

/** One query on the stack's database. */
export async function queryStack<T extends Record<string, unknown>>(
  stack: Stack,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface BatchState {
  status: string;
  completedAt: Date | null;
  counts: Record<string, number>;
}

export async function batchState(stack: Stack, batchId: string): Promise<BatchState> {
  const [batch] = await queryStack<{ status: string; completed_at: Date | null }>(
    stack,
    'SELECT status, completed_at FROM payout_batches WHERE id = $1',
    [batchId],
  );
  const rows = await queryStack<{ status: string; n: number }>(
    stack,
    'SELECT status, count(*)::int AS n FROM payouts WHERE batch_id = $1 GROUP BY status',
    [batchId],
  );
  return {
    status: batch.status,
    completedAt: batch.completed_at,
    counts: Object.fromEntries(rows.map((row) => [row.status, row.n])),
  };
}

/** Items with more than one attempt that reached a provider, or more than one transfer at the sandbox: must be none. */
export async function paidTwice(stack: Stack, batchId: string): Promise<string[]> {
  const rows = await queryStack<{ id: string }>(
    stack,
    `SELECT p.id FROM payouts p JOIN payout_attempts a ON a.payout_id = p.id
     WHERE p.batch_id = $1 AND a.status IN ('accepted', 'completed')
     GROUP BY p.id HAVING count(*) > 1`,
    [batchId],
  );
  return rows.map((row) => row.id);
}
