import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { runCommand } from '../support/database';
import { waitUntil } from '../support/processes';
import { createClients } from '../support/clients';
import { Stack } from '../support/stack';

// Client notifications end to end: sandbox, api and worker as real processes, and a callback receiver in this test on
// 127.0.0.1 (allowed because the stack runs with NODE_ENV=development). Clients are made with the real CLI, so their
// signing secrets are sealed and opened exactly as in production.

interface Received {
  webhookId: string;
  verified: boolean;
  body: { id: string; type: string; createdAt: string; data: { id: string; version: number; status: string } };
  answered: number;
}

/** A callback endpoint that verifies every signature and answers what `answer` says. */
class Receiver {
  readonly received: Received[] = [];
  private server?: Server;
  url = '';

  constructor(
    private readonly answer: (request: Received, index: number) => number,
    private secret = '',
  ) {}

  useSecret(secret: string): void {
    this.secret = secret;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        let verified = false;
        try {
          new Webhook(this.secret).verify(raw, request.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        const entry: Received = {
          webhookId: String(request.headers['webhook-id']),
          verified,
          body: JSON.parse(raw) as Received['body'],
          answered: 0,
        };
        entry.answered = this.answer(entry, this.received.length);
        this.received.push(entry);
        response
          .writeHead(entry.answered, { 'content-type': 'text/plain' })
          .end(entry.answered < 300 ? 'ok' : 'try later');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks/payouts?token=receiver-secret`;
  }

  /** Each message once, in the order it first arrived. */
  deduplicated(): Received[] {
    const seen = new Set<string>();
    return this.received.filter(
      (entry) => entry.answered < 300 && !seen.has(entry.webhookId) && seen.add(entry.webhookId),
    );
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

interface FeedEvent {
  id: string;
  type: string;
  payoutId: string;
  version: number;
}

interface NotificationBody {
  id: string;
  eventId: string;
  type: string;
  payoutId: string;
  payoutVersion: number;
  status: string;
  attemptCount: number;
  attempts: { number: number; outcome: string; httpStatus: number | null; error: string | null; target: string }[];
}

describe('client notifications (e2e)', () => {
  let stack: Stack;
  const healthy = new Receiver(() => 200);
  const flaky = new Receiver((_entry, index) => (index < 2 ? 500 : 200));
  const clients: Record<string, { id: string; key: string; webhookSecret?: string }> = {};

  const as = <T>(name: string, method: string, path: string, body?: unknown) =>
    stack.call<T>(method, path, body, { authorization: `Bearer ${clients[name].key}` });

  const createClient = async (name: string, callbackUrl: string) => {
    const result = await runCommand(
      'node',
      [
        '-r',
        '@swc-node/register',
        'apps/api/src/cli.ts',
        'clients:create',
        '--name',
        name,
        '--scopes',
        'payouts:write,payouts:read',
        '--callback-url',
        callbackUrl,
        '--json',
      ],
      { ...stack.env, LOG_LEVEL: 'silent' },
    );
    if (result.code !== 0) throw new Error(`clients:create failed: ${result.output}`);
    const line = result.output.trim().split('\n').pop() ?? '';
    clients[name] = JSON.parse(line) as { id: string; key: string; webhookSecret: string };
  };

  const feedOf = async (name: string): Promise<FeedEvent[]> =>
    (await as<{ data: FeedEvent[] }>(name, 'GET', '/v1/events?limit=100')).body.data;

  /**
   * The client's feed of one payout once it shows `type`. The feed hands out a change once every older transaction
   * on the server has ended (xids are server-wide), so another database's open write transaction may hold the last
   * changes back for a moment after the payout itself shows them.
   */
  const feedUntil = (name: string, payoutId: string, type: string): Promise<FeedEvent[]> =>
    waitUntil(
      async () => {
        const mine = (await feedOf(name)).filter((event) => event.payoutId === payoutId);
        return mine.some((event) => event.type === type) ? mine : undefined;
      },
      30_000,
      `the events feed to show ${type}`,
    );

  const createPayout = async (name: string, amount: string): Promise<string> => {
    const answer = await stack.call<{ id: string }>(
      'POST',
      '/v1/payouts',
      {
        amount,
        currency: 'TRY',
        provider: 'sipay',
        beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
      },
      { authorization: `Bearer ${clients[name].key}`, 'idempotency-key': `${name}-${amount}` },
    );
    expect(answer.status).toBe(201);
    return answer.body.id;
  };

  beforeAll(async () => {
    await Promise.all([healthy.start(), flaky.start()]);
    stack = await Stack.start({ label: 'notifications', env: { NODE_ENV: 'development' } });
    await createClient('shop', healthy.url);
    await createClient('flaky-shop', flaky.url);
    await createClient('metadata-thief', 'http://169.254.169.254/latest/meta-data');
    healthy.useSecret(clients.shop.webhookSecret!);
    flaky.useSecret(clients['flaky-shop'].webhookSecret!);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([healthy.stop(), flaky.stop()]);
  });

  it('delivers every applied status change, signed, at least once and in version order', async () => {
    const payoutId = await createPayout('shop', '250000');
    await stack.waitForStatus(payoutId, ['succeeded'], 60_000);
    const feed = await feedUntil('shop', payoutId, 'payout.succeeded');
    expect(feed.map((event) => event.type)).toEqual([
      'payout.pending',
      'payout.submitting',
      'payout.processing',
      'payout.succeeded',
    ]);

    await waitUntil(
      async () => feed.every((event) => healthy.received.some((entry) => entry.webhookId === event.id)),
      30_000,
      'every change to reach the receiver',
    );
    expect(healthy.received.every((entry) => entry.verified)).toBe(true);
    const mine = healthy.deduplicated().filter((entry) => entry.body.data.id === payoutId);
    expect(mine.map((entry) => [entry.webhookId, entry.body.type, entry.body.data.version])).toEqual(
      feed.map((event) => [event.id, event.type, event.version]),
    );
    expect(mine[0].body).toEqual({
      id: feed[0].id,
      type: 'payout.pending',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: expect.objectContaining({ id: payoutId, status: 'pending', version: 1, amount: '250000' }),
    });
    expect(JSON.stringify(healthy.received)).not.toContain('TR320010009999901234567890');

    const { body } = await as<{ data: NotificationBody[] }>('shop', 'GET', `/v1/notifications?payoutId=${payoutId}`);
    expect(body.data.map((n) => n.payoutVersion)).toEqual([4, 3, 2, 1]);
    for (const notification of body.data) {
      // On a mismatch, each try's outcome and error: which try failed, and how, is what a reader of a red run needs.
      const tries = notification.attempts.map((t) => `${t.outcome} ${t.httpStatus ?? '-'} ${t.error ?? ''}`.trim());
      expect({ status: notification.status, attemptCount: notification.attemptCount, tries }).toEqual({
        status: 'delivered',
        attemptCount: 1,
        tries: ['delivered 200'],
      });
      expect(notification.attempts).toEqual([
        expect.objectContaining({
          number: 1,
          outcome: 'delivered',
          httpStatus: 200,
          target: expect.not.stringContaining('receiver-secret'),
        }),
      ]);
    }
  });

  it('retries a receiver that answers 500 twice and delivers on the third try, keeping later changes behind it', async () => {
    const payoutId = await createPayout('flaky-shop', '250000');
    await stack.waitForStatus(payoutId, ['succeeded'], 60_000);
    const feed = await feedUntil('flaky-shop', payoutId, 'payout.succeeded');
    await waitUntil(
      async () => feed.every((event) => flaky.deduplicated().some((entry) => entry.webhookId === event.id)),
      30_000,
      'every change to reach the flaky receiver',
    );
    const first = feed[0];
    expect(flaky.received.slice(0, 3).map((entry) => [entry.webhookId, entry.answered])).toEqual([
      [first.id, 500],
      [first.id, 500],
      [first.id, 200],
    ]);
    expect(flaky.received.every((entry) => entry.verified)).toBe(true);
    expect(flaky.deduplicated().map((entry) => entry.body.data.version)).toEqual(feed.map((event) => event.version));

    const { body } = await as<{ data: NotificationBody[] }>(
      'flaky-shop',
      'GET',
      `/v1/notifications?payoutId=${payoutId}&status=delivered`,
    );
    const pending = body.data.find((n) => n.eventId === first.id)!;
    expect(pending).toMatchObject({ status: 'delivered', attemptCount: 3 });
    expect(pending.attempts.map((a) => [a.number, a.outcome, a.httpStatus])).toEqual([
      [1, 'http_error', 500],
      [2, 'http_error', 500],
      [3, 'delivered', 200],
    ]);
  });

  it('sends a notification again on request, under the same webhook-id', async () => {
    const { body } = await as<{ data: NotificationBody[] }>('shop', 'GET', '/v1/notifications?limit=1');
    const [latest] = body.data;
    const before = healthy.received.filter((entry) => entry.webhookId === latest.eventId).length;
    const answer = await as<NotificationBody>('shop', 'POST', `/v1/notifications/${latest.id}/redeliver`);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ id: latest.id, status: 'pending' });
    await waitUntil(
      async () => healthy.received.filter((entry) => entry.webhookId === latest.eventId).length > before,
      30_000,
      'the redelivery',
    );
    const again = await waitUntil(
      async () => {
        const { body: page } = await as<{ data: NotificationBody[] }>(
          'shop',
          'GET',
          `/v1/notifications?payoutId=${latest.payoutId}`,
        );
        const found = page.data.find((n) => n.id === latest.id);
        return found?.status === 'delivered' ? found : undefined;
      },
      10_000,
      'the redelivered notification to be delivered',
    );
    expect(again.attemptCount).toBe(latest.attemptCount + 1);
    expect((await as('flaky-shop', 'POST', `/v1/notifications/${latest.id}/redeliver`)).status).toBe(404);
  });

  it('never calls a callback that resolves to a link-local address, and logs each refused try', async () => {
    const payoutId = await createPayout('metadata-thief', '250000');
    const notifications = await waitUntil(
      async () => {
        const { body } = await as<{ data: NotificationBody[] }>(
          'metadata-thief',
          'GET',
          `/v1/notifications?payoutId=${payoutId}`,
        );
        return body.data.some((n) => n.attempts.length >= 2) ? body.data : undefined;
      },
      30_000,
      'refused tries to be logged',
    );
    const tried = notifications.flatMap((n) => n.attempts);
    expect(tried.length).toBeGreaterThanOrEqual(2);
    for (const attempt of tried) {
      expect(attempt).toMatchObject({
        outcome: 'refused',
        httpStatus: null,
        error: expect.stringContaining('169.254.169.254 (link-local)'),
      });
    }
    expect(notifications.every((n) => n.status === 'pending')).toBe(true);
  });

  it('lists only the caller’s own notifications and validates its filters', async () => {
    const { body } = await as<{ data: NotificationBody[] }>('flaky-shop', 'GET', '/v1/notifications?limit=100');
    const shopPayouts = new Set((await feedOf('shop')).map((event) => event.payoutId));
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.some((n) => shopPayouts.has(n.payoutId))).toBe(false);
    const invalid = await as<{ code: string; errors: { field: string }[] }>(
      'shop',
      'GET',
      '/v1/notifications?status=lost',
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e) => e.field)).toEqual(['status']);
  });

  it('tells the client of a payout held for approval, then of its approval (and of a rejection)', async () => {
    const held = new Receiver(() => 200);
    await held.start();
    try {
      await createClient('held-shop', held.url);
      held.useSecret(clients['held-shop'].webhookSecret!);
      const [checker] = await createClients(stack.databaseUrl, [
        { name: 'checker', scopes: ['payouts:read', 'payouts:approve'] },
      ]);
      const policy = await stack.call('PUT', '/v1/approval-policy', {
        rules: [{ minAmount: '1', currency: 'TRY', approvals: 1, clientIds: [clients['held-shop'].id] }],
        reason: 'held-shop pays after approval',
      });
      expect(policy.status).toBe(200);
      const decide = (payoutId: string, decision: string) =>
        stack.call(
          'POST',
          `/v1/payouts/${payoutId}/${decision}`,
          { reason: `checked: ${decision}` },
          {
            authorization: `Bearer ${checker.key}`,
          },
        );

      const approved = await createPayout('held-shop', '260000');
      const rejected = await createPayout('held-shop', '260100');
      expect((await decide(approved, 'approve')).status).toBe(200);
      expect((await decide(rejected, 'reject')).status).toBe(200);
      await stack.waitForStatus(approved, ['succeeded'], 60_000);

      const approvedFeed = await feedUntil('held-shop', approved, 'payout.succeeded');
      expect(approvedFeed.map((event) => event.type)).toEqual([
        'payout.awaiting_approval',
        'payout.pending',
        'payout.submitting',
        'payout.processing',
        'payout.succeeded',
      ]);
      const rejectedFeed = await feedUntil('held-shop', rejected, 'payout.canceled');
      expect(rejectedFeed.map((event) => event.type)).toEqual(['payout.awaiting_approval', 'payout.canceled']);
      const all = [...approvedFeed, ...rejectedFeed];
      await waitUntil(
        async () => all.every((event) => held.received.some((entry) => entry.webhookId === event.id)),
        30_000,
        'every change to reach the receiver',
      );
      expect(held.received.every((entry) => entry.verified)).toBe(true);
    } finally {
      await stack.call('PUT', '/v1/approval-policy', { rules: [], reason: 'test done' });
      await held.stop();
    }
  });
});
