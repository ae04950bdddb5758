import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { inLanes } from '@libs/platform/async';
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
 * A batch of `items` for the stack's client, made of payouts created through the HTTP API and then bound to a new
 * `payout_batches` row. Until the batch intake (`POST /v1/payout-batches`, issue 16's batches branch) is merged here,
 * this is how these tests get a batch: each item is created `scheduled` far ahead (so nothing dispatches it), then in one
 * transaction the batch row is written and every item gets its batch_id, item_reference and a release time of now. The
 * release then moves each `scheduled -> pending` through TransitionPayout like any release, with no dispatch job of its
 * own (it is a batch item), and the batch feeder feeds it: the path a released batch item takes in production. Release
 * times 1 ms apart keep the items in their order.
 */
export async function createTestBatch(
  stack: Stack,
  items: readonly BatchItemSpec[],
  options: {
    clientId?: string;
    key?: string;
    concurrency?: number;
    /** false: leave the items scheduled far ahead (nothing releases or sends them). */
    release?: boolean;
  } = {},
): Promise<TestBatch> {
  const farAhead = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const payoutIds: string[] = new Array<string>(items.length);
  await inLanes(
    items.map((item, index) => ({ item, index })),
    options.concurrency ?? 8,
    async ({ item, index }) => {
      const created = await stack.call<{ id: string; status: string }>(
        'POST',
        '/v1/payouts',
        {
          amount: item.amount,
          currency: 'TRY',
          beneficiary: { name: 'Ayşe Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
          scheduledFor: farAhead,
          ...(item.provider ? { provider: item.provider } : {}),
          ...(item.metadata ? { metadata: item.metadata } : {}),
        },
        {
          'idempotency-key': randomUUID(),
          ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        },
      );
      if (created.status !== 201 || created.body.status !== 'scheduled')
        throw new Error(`item ${index} was not created scheduled: ${created.status}`);
      payoutIds[index] = created.body.id;
    },
  );
  const batchId = randomUUID();
  const total = items.reduce((sum, item) => sum + BigInt(item.amount.replace('.', '')), 0n);
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO payout_batches (id, client_id, status, item_count, total_amount, currency, created_at, updated_at)
       VALUES ($1, $2, 'open', $3, $4, 'TRY', now(), now())`,
      [batchId, options.clientId ?? stack.clientId, items.length, total.toString()],
    );
    await client.query(
      `UPDATE payouts p SET batch_id = $1, item_reference = 'item-' || i.n,
         next_check_at = CASE WHEN $3 THEN now() + i.n * interval '1 millisecond' ELSE p.next_check_at END
       FROM unnest($2::uuid[]) WITH ORDINALITY AS i(id, n)
       WHERE p.id = i.id AND p.status = 'scheduled'`,
      [batchId, payoutIds, options.release !== false],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return { batchId, payoutIds };
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
