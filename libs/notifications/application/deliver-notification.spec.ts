import { Webhook } from 'standardwebhooks';
import { CallbackGuard } from './callback-guard';
import { DeliverNotification, type DeliverOptions } from './deliver-notification';
import type {
  CallbackRequest,
  CallbackResponse,
  DeliveryChange,
  DeliveryRecord,
  DeliveryStore,
  NotificationMessage,
  TryRecord,
} from './delivery-store.port';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

class FakeStore implements DeliveryStore {
  rows = new Map<string, DeliveryRecord>();
  tries: TryRecord[] = [];
  earlierUndelivered = false;
  released: Date[] = [];
  message_: NotificationMessage = {
    id: '42',
    type: 'payout.processing',
    createdAt: '2026-01-01T00:00:00.000Z',
    data: { id: 'p1', status: 'processing', version: 3, amount: '250000' },
  };

  add(fields: Partial<DeliveryRecord> = {}): DeliveryRecord {
    const row: DeliveryRecord = {
      id: 'd1',
      clientId: 'c1',
      eventId: '42',
      payoutId: 'p1',
      payoutVersion: 3,
      batchId: null,
      eventType: 'payout.processing',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(0),
      retryUntil: null,
      lastAttemptAt: null,
      lastHttpStatus: null,
      lastError: null,
      deliveredAt: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      ...fields,
    };
    this.rows.set(row.id, row);
    return row;
  }

  ensure = async () => this.add();
  async claim(id: string, now: Date, leaseUntil: Date) {
    const row = this.rows.get(id);
    if (!row || row.status !== 'pending' || (row.nextAttemptAt?.getTime() ?? Infinity) > now.getTime())
      return undefined;
    row.nextAttemptAt = leaseUntil;
    return { ...row };
  }
  claimDue = async () => [];
  hasEarlierUndelivered = async () => this.earlierUndelivered;
  async release(id: string, at: Date, _leasedUntil: Date | null, _now: Date) {
    this.released.push(at);
    this.rows.get(id)!.nextAttemptAt = at;
  }
  async recordTry(id: string, attempt: TryRecord, change: DeliveryChange) {
    this.tries.push(attempt);
    const row = this.rows.get(id)!;
    Object.assign(row, change, { attempts: row.attempts + 1, lastHttpStatus: attempt.httpStatus });
    return { ...row };
  }
  wakeFollowers = async () => ['d2'];
  async cancel(id: string, reason: string) {
    const row = this.rows.get(id)!;
    Object.assign(row, { status: 'canceled', nextAttemptAt: null, lastError: reason });
  }
  cancelForRevokedClients = async () => 0;
  message = async () => this.message_;
}

const options: DeliverOptions = { retryForMs: 72 * 3_600_000, timeoutMs: 1_000, timeScale: 1, orderWaitMs: 5_000 };

function setup(answers: CallbackResponse[], resolved = ['93.184.216.34'], isRevoked = false) {
  const store = new FakeStore();
  const sent: CallbackRequest[] = [];
  // The real time: receivers (and Webhook.verify) refuse a webhook-timestamp more than 5 minutes off.
  let now = new Date();
  const deliver = new DeliverNotification(
    store,
    {
      find: async () => ({
        isRevoked,
        callbackUrl: 'https://hooks.example.com/payouts?token=abc',
        signingSecret: SECRET,
      }),
    },
    new CallbackGuard({ resolve: async () => resolved }, { allowedHosts: [], isDevelopment: false }),
    {
      send: async (request) => {
        sent.push(request);
        return answers.shift() ?? { outcome: 'delivered', httpStatus: 200 };
      },
    },
    { sign: (secret, id, at, body) => new Webhook(secret).sign(id, at, body) },
    { tried: () => undefined, gaveUp: () => undefined },
    { now: () => now },
    options,
  );
  return { store, sent, deliver, advance: (ms: number) => (now = new Date(now.getTime() + ms)), now: () => now };
}

describe('DeliverNotification', () => {
  it('sends nothing for a revoked client: the delivery is canceled with client_revoked, and no try is logged', async () => {
    const { store, sent, deliver } = setup([], undefined, true);
    store.add();
    expect(await deliver.execute('d1')).toEqual({ kind: 'canceled', reason: 'client_revoked' });
    expect(sent).toEqual([]);
    expect(store.tries).toEqual([]);
    expect(store.rows.get('d1')).toMatchObject({
      status: 'canceled',
      nextAttemptAt: null,
      lastError: 'client_revoked',
    });
  });

  it('sends the event as a Standard Webhooks message that verifies with the client secret', async () => {
    const { store, sent, deliver } = setup([{ outcome: 'delivered', httpStatus: 204, address: '93.184.216.34' }]);
    store.add();
    expect(await deliver.execute('d1')).toEqual({ kind: 'delivered', wake: ['d2'] });
    const [request] = sent;
    expect(request.addresses).toEqual(['93.184.216.34']);
    expect(request.headers['webhook-id']).toBe('42');
    const verified = new Webhook(SECRET).verify(request.body, request.headers);
    expect(verified).toEqual({
      id: '42',
      type: 'payout.processing',
      createdAt: '2026-01-01T00:00:00.000Z',
      data: { id: 'p1', status: 'processing', version: 3, amount: '250000' },
    });
    expect(store.rows.get('d1')).toMatchObject({ status: 'delivered', nextAttemptAt: null, attempts: 1 });
    expect(store.tries[0]).toMatchObject({
      number: 1,
      outcome: 'delivered',
      httpStatus: 204,
      target: 'https://hooks.example.com/payouts',
      address: '93.184.216.34',
    });
  });

  it('retries a non-2xx with backoff inside the 72 h period, logging every try', async () => {
    const { store, deliver, advance, now } = setup([
      { outcome: 'http_error', httpStatus: 500, responseExcerpt: 'boom' },
      { outcome: 'http_error', httpStatus: 500 },
    ]);
    store.add();
    const first = await deliver.execute('d1');
    expect(first).toEqual({ kind: 'retrying', outcome: 'http_error', retryAt: new Date(now().getTime() + 5_000) });
    expect(store.rows.get('d1')?.retryUntil).toEqual(new Date(now().getTime() + 72 * 3_600_000));
    advance(5_000);
    const second = await deliver.execute('d1');
    expect(second).toEqual({ kind: 'retrying', outcome: 'http_error', retryAt: new Date(now().getTime() + 20_000) });
    advance(20_000);
    expect(await deliver.execute('d1')).toEqual({ kind: 'delivered', wake: ['d2'] });
    expect(store.tries.map((t) => [t.number, t.outcome, t.httpStatus])).toEqual([
      [1, 'http_error', 500],
      [2, 'http_error', 500],
      [3, 'delivered', 200],
    ]);
    expect(store.tries[0].responseExcerpt).toBe('boom');
  });

  it('gives up after the retry period and marks the delivery failed', async () => {
    const { store, deliver, now } = setup([{ outcome: 'timeout', error: 'no complete answer within 1000 ms' }]);
    store.add({ attempts: 14, retryUntil: new Date(now().getTime() - 1) });
    expect(await deliver.execute('d1')).toEqual({ kind: 'given_up', outcome: 'timeout', wake: ['d2'] });
    expect(store.rows.get('d1')).toMatchObject({ status: 'failed', nextAttemptAt: null, attempts: 15 });
  });

  it('waits, without a try, while an earlier change of the same payout is undelivered', async () => {
    const { store, sent, deliver, now } = setup([]);
    store.add();
    store.earlierUndelivered = true;
    expect(await deliver.execute('d1')).toEqual({ kind: 'deferred', retryAt: new Date(now().getTime() + 5_000) });
    expect(sent).toHaveLength(0);
    expect(store.tries).toHaveLength(0);
  });

  it('logs a refused try, and sends nothing, when the callback resolves to a private address', async () => {
    const { store, sent, deliver } = setup([], ['10.0.0.8']);
    store.add();
    const result = await deliver.execute('d1');
    expect(result).toMatchObject({ kind: 'retrying', outcome: 'refused' });
    expect(sent).toHaveLength(0);
    expect(store.tries[0]).toMatchObject({ outcome: 'refused', error: expect.stringContaining('10.0.0.8 (private)') });
  });

  it('skips a delivery that is not due or that another worker holds', async () => {
    const { store, sent, deliver, now } = setup([]);
    store.add({ nextAttemptAt: new Date(now().getTime() + 60_000) });
    expect(await deliver.execute('d1')).toEqual({ kind: 'skipped' });
    expect(await deliver.execute('missing')).toEqual({ kind: 'skipped' });
    expect(sent).toHaveLength(0);
  });
});
