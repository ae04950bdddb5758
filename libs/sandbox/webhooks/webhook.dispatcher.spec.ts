import { sleep, WebhookReceiver } from '@test/support/sandbox/webhook-receiver';
import { AttemptResult, WebhookDispatcher } from './webhook.dispatcher';

describe('WebhookDispatcher', () => {
  const receiver = new WebhookReceiver();
  let target: string;
  const warnings: object[] = [];
  const dispatcher = new WebhookDispatcher({
    retryBaseMs: 2,
    retryMaxMs: 8,
    maxAttempts: 10,
    logger: { info: () => undefined, warn: (obj) => warnings.push(obj), error: () => undefined },
    now: () => new Date(),
  });

  beforeAll(async () => {
    target = await receiver.start();
  });
  afterEach(() => {
    dispatcher.cancelAll();
    receiver.clear();
    warnings.length = 0;
  });
  afterAll(() => receiver.stop());

  const deliver = (
    path: string,
    results: AttemptResult[],
    headers = () => ({ 'x-attempt': String(results.length + 1) }),
  ) =>
    dispatcher.send({
      url: `${target}${path}`,
      body: '{"a":1}',
      headers,
      onAttempt: (r) => results.push(r),
      label: { path },
    });

  it('retries a non-2xx answer until it gets a 2xx, recording every attempt', async () => {
    receiver.answer = (_webhook, index) => (index < 2 ? 500 : 204);
    const results: AttemptResult[] = [];
    deliver('/hook', results);
    await receiver.waitFor(3);
    await sleep(20);
    expect(results.map((r) => [r.attempt, r.httpStatus, r.isDelivered, r.isFinal])).toEqual([
      [1, 500, false, false],
      [2, 500, false, false],
      [3, 204, true, true],
    ]);
    expect(receiver.received.map((w) => w.headers['x-attempt'])).toEqual(['1', '2', '3']);
    expect(receiver.received.every((w) => w.body === '{"a":1}')).toBe(true);
  });

  it('gives up after 10 attempts and says so', async () => {
    receiver.answer = () => 503;
    const results: AttemptResult[] = [];
    deliver('/down', results);
    await receiver.waitFor(10);
    const settled = await receiver.settle(60);
    expect(settled).toHaveLength(10);
    expect(results).toHaveLength(10);
    expect(results[9]).toMatchObject({ attempt: 10, httpStatus: 503, isDelivered: false, isFinal: true });
    expect(warnings).toEqual([expect.objectContaining({ path: '/down', attempts: 10 })]);
  });

  it('counts a refused connection as a failed attempt with no status', async () => {
    const results: AttemptResult[] = [];
    dispatcher.send({
      url: 'http://127.0.0.1:1/hook',
      body: '{}',
      headers: () => ({}),
      onAttempt: (r) => results.push(r),
      label: {},
    });
    // Waits for the retry rather than for a fixed time, which a busy machine can outlast.
    for (let waited = 0; results.length < 2 && waited < 10_000; waited += 10) await sleep(10);
    expect(results.length).toBeGreaterThan(1);
    expect(results[0]).toMatchObject({ httpStatus: null, isDelivered: false });
  });

  it('stops retrying once cancelled', async () => {
    const slow = new WebhookDispatcher({
      retryBaseMs: 60,
      retryMaxMs: 60,
      maxAttempts: 10,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      now: () => new Date(),
    });
    receiver.answer = () => 500;
    const results: AttemptResult[] = [];
    slow.send({
      url: `${target}/cancelled`,
      body: '{}',
      headers: () => ({}),
      onAttempt: (r) => results.push(r),
      label: {},
    });
    await receiver.waitFor(1);
    while (results.length === 0) await sleep(1);
    expect(slow.pendingCount).toBe(1);
    slow.cancelAll();
    expect(await receiver.settle(120)).toHaveLength(1);
    expect(slow.pendingCount).toBe(0);
  });
});
