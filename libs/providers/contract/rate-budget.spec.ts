import { fakeClock } from '@test/support/providers/adapter-fakes';
import { InMemoryRateBudget, takeWithin } from './rate-budget';

describe('InMemoryRateBudget', () => {
  it('grants at most `limit` requests in any window and says when the next slot frees up', async () => {
    let now = 0;
    const budget = new InMemoryRateBudget(() => now);
    for (let i = 0; i < 3; i++) expect(await budget.tryTake('k', 3, 60_000)).toEqual({ granted: true });
    now = 10_000;
    expect(await budget.tryTake('k', 3, 60_000)).toEqual({ granted: false, retryInMs: 50_000 });
    expect(await budget.tryTake('other', 3, 60_000)).toEqual({ granted: true });
    now = 60_001;
    expect(await budget.tryTake('k', 3, 60_000)).toEqual({ granted: true });
  });
});

describe('takeWithin', () => {
  it('waits for a slot inside the bound, and reports false when the wait would exceed it', async () => {
    const clock = fakeClock(0);
    const budget = new InMemoryRateBudget(clock.now);
    const limit = { key: 'k', limit: 1, windowMs: 1_000, maxWaitMs: 2_000 };
    expect(await takeWithin(budget, limit, clock)).toBe(true);
    expect(await takeWithin(budget, limit, clock)).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(1_000);
    expect(await takeWithin(budget, { ...limit, maxWaitMs: 100 }, clock)).toBe(false);
  });
});
