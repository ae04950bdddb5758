import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dueBy, runOpenLoop, scheduledOffsetMs } from './open-loop';

describe('the open-loop schedule: request i at t0 + i / rate', () => {
  it('places request i at i / rate seconds', () => {
    expect(scheduledOffsetMs(0, 40)).toBe(0);
    expect(scheduledOffsetMs(1, 40)).toBe(25);
    expect(scheduledOffsetMs(40, 40)).toBe(1_000);
    expect(scheduledOffsetMs(3, 0.5)).toBe(6_000);
  });

  it('counts as due every request whose time has come, the first one at once', () => {
    expect(dueBy(-1, 40, 100)).toBe(0);
    expect(dueBy(0, 40, 100)).toBe(1);
    expect(dueBy(24.9, 40, 100)).toBe(1);
    expect(dueBy(25, 40, 100)).toBe(2);
    expect(dueBy(1_000, 40, 100)).toBe(41);
  });

  it('never counts more than the total', () => {
    expect(dueBy(60_000, 40, 100)).toBe(100);
  });

  it('agrees with the offsets: request i is due exactly from its offset on', () => {
    for (const rate of [0.7, 3, 33.3, 250]) {
      for (let i = 0; i < 50; i++) {
        expect(dueBy(scheduledOffsetMs(i, rate), rate, 1_000)).toBe(i + 1);
      }
    }
  });
});

describe('runOpenLoop', () => {
  let server: http.Server;
  let url = '';
  let answerAfterMs = 0;
  beforeAll(async () => {
    let next = 0;
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () =>
        setTimeout(() => {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ id: `p${next++}` }));
        }, answerAfterMs),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/payouts`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('keeps sending on schedule while earlier answers are still outstanding', async () => {
    // Each answer takes 300 ms; at 50/s a closed loop of one connection would manage about 3/s.
    answerAfterMs = 300;
    const startedAt = Date.now();
    const result = await runOpenLoop({
      url,
      ratePerSecond: 50,
      count: 20,
      headers: { 'content-type': 'application/json' },
      build: () => ({ headers: {}, body: '{}' }),
    });
    const elapsed = Date.now() - startedAt;
    expect(result).toMatchObject({ sent: 20, ok: 20, failed: 0 });
    // 19 intervals of 20 ms, then the last answer's 300 ms: well under the 6 s one-at-a-time would take.
    expect(elapsed).toBeGreaterThanOrEqual(380 + 300 - 20);
    expect(elapsed).toBeLessThan(2_000);
    expect(result.keptRatePerSecond).toBeGreaterThan(40);
    expect(result.keptRatePerSecond).toBeLessThan(60);
    expect(result.answerP50Ms).toBeGreaterThanOrEqual(295);
  });

  it('records when each answered request was due, by the id of its answer', async () => {
    answerAfterMs = 0;
    const before = Date.now();
    const result = await runOpenLoop({
      url,
      ratePerSecond: 20,
      count: 3,
      headers: {},
      build: () => ({ headers: {}, body: '{}' }),
    });
    const due = [...result.dueAtById.values()].sort((a, b) => a - b);
    expect(due).toHaveLength(3);
    expect(due[0]).toBeGreaterThanOrEqual(before);
    expect(due[1] - due[0]).toBe(50);
    expect(due[2] - due[0]).toBe(100);
  });
});
