import { fakeClock } from '@test/support/providers/adapter-fakes';
import type { HttpAnswer } from './provider-http';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, sendWithRetries } from './retry-policy';

const response = (status: number, headers: Record<string, string> = {}): HttpAnswer => ({
  kind: 'response',
  status,
  headers: new Headers(headers),
  body: Buffer.alloc(0),
});
const timeout: HttpAnswer = { kind: 'no_response', failure: 'timeout', detail: 'no answer in time' };
const transient = (a: HttpAnswer) => a.kind === 'no_response' || a.status === 429 || a.status >= 500;

function script(answers: HttpAnswer[]) {
  let sent = 0;
  return { send: async () => answers[Math.min(sent++, answers.length - 1)], count: () => sent };
}

describe('backoffDelayMs', () => {
  it('grows exponentially, is capped, and keeps half of each step fixed', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 0.999))).toEqual([100, 200, 400, 800, 1000]);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, and ignores nonsense', () => {
    expect(parseRetryAfterMs('3', 0)).toBe(3_000);
    expect(parseRetryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4_000)).toBe(6_000);
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
    expect(parseRetryAfterMs(null, 0)).toBeUndefined();
  });
});

describe('sendWithRetries', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };

  it('retries transient answers and stops at the first final one', async () => {
    const clock = fakeClock();
    const { send, count } = script([timeout, response(503), response(201)]);
    const result = await sendWithRetries(send, { policy, clock, isRetryable: transient });
    expect(count()).toBe(3);
    expect(result).toMatchObject({ requestCount: 3, hadUnknownTry: true, rateLimited: false, answer: { status: 201 } });
  });

  it('claims the call once, after the budget and before the first try leaves; a refused claim sends nothing', async () => {
    const order: string[] = [];
    const { send, count } = script([timeout, response(201)]);
    const result = await sendWithRetries(async () => (order.push('send'), send()), {
      policy,
      clock: fakeClock(),
      isRetryable: transient,
      beforeTry: async () => (order.push('budget'), 'go'),
      beforeFirstRequest: async () => (order.push('claim'), 'go'),
    });
    expect(order).toEqual(['budget', 'claim', 'send', 'budget', 'send']);
    expect(result).toMatchObject({ requestCount: 2, answer: { status: 201 } });
    expect(result.notSent).toBeUndefined();

    const refused = await sendWithRetries(send, {
      policy,
      clock: fakeClock(),
      isRetryable: transient,
      beforeFirstRequest: async () => 'idempotency_key_expired',
    });
    expect(count()).toBe(2);
    expect(refused).toMatchObject({ requestCount: 0, notSent: 'idempotency_key_expired', answer: undefined });
  });

  it('gives up after maxAttempts with the last answer', async () => {
    const { send, count } = script([response(500)]);
    const result = await sendWithRetries(send, { policy, clock: fakeClock(), isRetryable: transient });
    expect(count()).toBe(4);
    expect(result.answer).toMatchObject({ status: 500 });
  });

  it('waits at least Retry-After, and gives up rather than wait longer than allowed', async () => {
    const clock = fakeClock();
    await sendWithRetries(script([response(429, { 'retry-after': '2' }), response(200)]).send, {
      policy,
      clock,
      isRetryable: transient,
    });
    expect(clock.sleeps).toEqual([2_000]);

    const long = script([response(429, { 'retry-after': '60' }), response(200)]);
    const result = await sendWithRetries(long.send, { policy, clock: fakeClock(), isRetryable: transient });
    expect(long.count()).toBe(1);
    expect(result).toMatchObject({ answer: { status: 429 }, hadUnknownTry: false });
  });

  it('does not count a 429 as a try whose outcome is unknown', async () => {
    const result = await sendWithRetries(script([response(429), response(422)]).send, {
      policy,
      clock: fakeClock(),
      isRetryable: transient,
    });
    expect(result.hadUnknownTry).toBe(false);
  });

  it('stops before sending when the rate budget says so', async () => {
    const { send, count } = script([response(503), response(200)]);
    let budget = 1;
    const result = await sendWithRetries(send, {
      policy,
      clock: fakeClock(),
      isRetryable: transient,
      beforeTry: async () => (budget-- > 0 ? 'go' : 'rate_limited'),
    });
    expect(count()).toBe(1);
    expect(result).toMatchObject({ rateLimited: true, requestCount: 1, hadUnknownTry: true });
  });
});
