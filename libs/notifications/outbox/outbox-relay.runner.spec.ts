import type { OutboxRelay } from './outbox-relay';
import { OutboxRelayRunner } from './outbox-relay.runner';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = { error: () => undefined, warn: () => undefined } as never;

function fakeRelay() {
  let waiting = 0;
  const calls = { probes: 0, drains: 0, published: 0 };
  const relay = {
    hasUnpublished: async () => (calls.probes++, waiting > 0),
    drain: async () => {
      calls.drains++;
      const published = waiting;
      calls.published += published;
      waiting = 0;
      return published;
    },
  } as unknown as OutboxRelay;
  return { relay, calls, add: (count: number) => (waiting += count) };
}

describe('OutboxRelayRunner', () => {
  it('polls less and less often while nothing waits, up to 250 ms apart, and publishes a new row on its next poll', async () => {
    const { relay, calls, add } = fakeRelay();
    const runner = new OutboxRelayRunner(relay, 5, logger);
    await runner.start();
    try {
      await wait(700);
      // The first poll drains without a probe; then 10, 20, 40, 80, 160, 250, 250 ms apart: each poll is a Postgres
      // transaction, so not one every 5 ms.
      expect(calls.probes + calls.drains).toBeLessThanOrEqual(9);
      add(3);
      const before = Date.now();
      while (calls.published < 3 && Date.now() - before < 2_000) await wait(10);
      expect(calls.published).toBe(3);
      expect(Date.now() - before).toBeLessThan(1_000);
    } finally {
      await runner.stop();
    }
  });

  it('keeps its base interval while every poll finds rows', async () => {
    const { relay, calls, add } = fakeRelay();
    const runner = new OutboxRelayRunner(relay, 20, logger);
    await runner.start();
    const feeding = setInterval(() => add(1), 5);
    await wait(500);
    clearInterval(feeding);
    await runner.stop();
    // About one drain per 20 ms: the backoff never sets in under load.
    expect(calls.drains).toBeGreaterThanOrEqual(15);
  });
});
