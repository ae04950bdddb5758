import { LocalRequestBudget } from './local-request-budget';

describe('LocalRequestBudget', () => {
  afterEach(() => jest.useRealTimers());

  it('counts hits per key in a fixed window, blocks past the limit for the block duration, then starts afresh', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const budget = new LocalRequestBudget();
    const hit = () => budget.increment('1.2.3.4', 60_000, 2, 60_000, 'public');
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect((await hit()).isBlocked).toBe(false);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    expect((await budget.increment('5.6.7.8', 60_000, 2, 60_000, 'public')).isBlocked).toBe(false);
    jest.setSystemTime(1_000_000 + 30_000);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    jest.setSystemTime(1_000_000 + 60_001);
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('forgets every count on clear', async () => {
    const budget = new LocalRequestBudget();
    await budget.increment('a', 60_000, 1, 60_000, 'public');
    expect((await budget.increment('a', 60_000, 1, 60_000, 'public')).isBlocked).toBe(true);
    budget.clear();
    expect((await budget.increment('a', 60_000, 1, 60_000, 'public')).isBlocked).toBe(false);
  });
});
