import type { ConfigService } from '@libs/platform/config';
import type { InboxRow } from './application/inbox-store.port';
import type { ProcessWebhook } from './application/process-webhook';
import type { WebhookInboxRepository } from './persistence/webhook-inbox.repository';
import {
  INBOX_CLAIM_CONCURRENCY,
  INBOX_RECLAIM_AT_FREE,
  sameTransferChains,
  WebhookInboxClaimer,
} from './webhook-inbox.claimer';

const row = (id: number) => ({ id: String(id) }) as InboxRow;
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await settle();
}

function setup(waiting: number, processMs: (id: number) => number = () => -1) {
  let next = 1;
  const asked: number[] = [];
  const processed: string[] = [];
  const inbox = {
    claimDue: jest.fn(async (_now: Date, limit: number) => {
      asked.push(limit);
      const rows = [];
      while (rows.length < limit && next <= waiting) rows.push(row(next++));
      return rows;
    }),
  };
  const process = {
    processClaimed: jest.fn(async (claimed: InboxRow) => {
      const ms = processMs(Number(claimed.id));
      await new Promise((resolve) => (ms < 0 ? setImmediate(resolve) : setTimeout(resolve, ms)));
      processed.push(claimed.id);
      return 'processed';
    }),
  };
  const config = { get: () => ({ claimIntervalMs: 5, processingLeaseMs: 60_000 }) } as unknown as ConfigService;
  const claimer = new WebhookInboxClaimer(
    inbox as unknown as WebhookInboxRepository,
    process as unknown as ProcessWebhook,
    config,
  );
  return { claimer, inbox, asked, processed, add: (count: number) => (waiting += count) };
}

describe('WebhookInboxClaimer', () => {
  it('claims a backlog in batches of its free slots until it is drained, then looks again after the interval', async () => {
    const { claimer, processed, asked, add } = setup(40);
    claimer.onApplicationBootstrap();
    await until(() => processed.length >= 40);
    expect(processed).toHaveLength(40);
    expect(new Set(processed).size).toBe(40);
    expect(asked[0]).toBe(INBOX_CLAIM_CONCURRENCY);
    // A row stored while it is idle is taken on a later look, without anyone telling it.
    add(1);
    await until(() => processed.length >= 41);
    expect(processed).toContain('41');
    await claimer.beforeApplicationShutdown();
  });

  it('claims a backlog again only once several slots are free: no claim transaction per row', async () => {
    // Rows finish one by one (different processing times), as they do under load.
    const { claimer, processed, asked } = setup(120, (id) => id % 7);
    claimer.onApplicationBootstrap();
    try {
      await until(() => processed.length >= 120);
      expect(processed).toHaveLength(120);
      expect(asked.length).toBeGreaterThan(2);
      expect(Math.min(...asked)).toBeGreaterThanOrEqual(INBOX_RECLAIM_AT_FREE);
    } finally {
      await claimer.beforeApplicationShutdown();
    }
  });

  it('stops claiming at shutdown once the rows in hand are done', async () => {
    const { claimer, inbox, processed } = setup(3);
    claimer.onApplicationBootstrap();
    await claimer.beforeApplicationShutdown();
    const calls = inbox.claimDue.mock.calls.length;
    await settle();
    expect(inbox.claimDue.mock.calls.length).toBe(calls);
    expect(processed.length).toBeLessThanOrEqual(3);
  });

  it('keeps looking after a failed claim (Postgres unreachable)', async () => {
    const { claimer, inbox, processed } = setup(2);
    inbox.claimDue.mockRejectedValueOnce(new Error('connection refused'));
    claimer.onApplicationBootstrap();
    await until(() => processed.length >= 2);
    expect(inbox.claimDue.mock.calls.length).toBeGreaterThan(1);
    expect(processed).toEqual(['1', '2']);
    await claimer.beforeApplicationShutdown();
  });

  it('looks less and less often while nothing is due, up to 250 ms apart, and takes a new row on its next look', async () => {
    const { claimer, inbox, processed, add } = setup(0);
    claimer.onApplicationBootstrap();
    try {
      await new Promise((resolve) => setTimeout(resolve, 700));
      // 5, 10, 20, 40, 80, 160, 250, 250 ms apart: 7 or 8 looks in 700 ms, not one every 5 ms.
      expect(inbox.claimDue.mock.calls.length).toBeLessThanOrEqual(9);
      add(1);
      const before = Date.now();
      await until(() => processed.length >= 1);
      expect(processed).toEqual(['1']);
      expect(Date.now() - before).toBeLessThan(1_000);
    } finally {
      await claimer.beforeApplicationShutdown();
    }
  });

  it('applies the webhooks of one transfer claimed together one after another, in the order they were stored', () => {
    const of = (id: string, reference: string | null, providerId: string | null = null) =>
      ({ id, provider: 'pientegra', reference, providerId }) as InboxRow;
    // RETURNING gives no order: the return (id 12) may come back before the success (id 9).
    const chains = sameTransferChains([of('12', 'r-1'), of('10', 'r-2'), of('9', 'r-1'), of('11', null, 'w-3')]);
    expect(chains.map((chain) => chain.map((row) => row.id))).toEqual([['9', '12'], ['10'], ['11']]);
    // A webhook with the reference and the provider's id links one that carries only the id.
    const linked = sameTransferChains([of('7', null, 'w-1'), of('5', 'r-1', 'w-1'), of('6', 'r-1')]);
    expect(linked.map((chain) => chain.map((row) => row.id))).toEqual([['5', '6', '7']]);
  });
});
