import { FailedAttemptBudget, NOT_BLOCKED_TRUSTED_FOR_MS } from './failed-attempt-budget';
import type { RequestBudgetStorage } from './request-budget.storage';

/** A shared store whose answers the test sets, counting how often it is asked. */
function sharedStore() {
  const state = { blockedSeconds: 0, asked: 0, failures: 0, limit: 2 };
  const storage = {
    blockedForSeconds: async () => {
      state.asked += 1;
      return state.blockedSeconds;
    },
    increment: async () => {
      state.failures += 1;
      const isBlocked = state.failures > state.limit;
      return { totalHits: state.failures, timeToExpire: 60, isBlocked, timeToBlockExpire: isBlocked ? 60 : 0 };
    },
  } as unknown as RequestBudgetStorage;
  return { state, budget: new FailedAttemptBudget(storage, 'auth_failure', state.limit, 60_000) };
}

describe('FailedAttemptBudget', () => {
  afterEach(() => jest.useRealTimers());

  it('asks the shared store whether an address is blocked at most once a second while it is not', async () => {
    jest.useFakeTimers({ now: 5_000_000 });
    const { state, budget } = sharedStore();
    for (let i = 0; i < 10; i++) expect(await budget.retryAfterSeconds('198.51.100.1')).toBe(0);
    expect(state.asked).toBe(1);
    // A block set meanwhile by another api process is seen once the answer is older than a second.
    state.blockedSeconds = 42;
    jest.setSystemTime(5_000_000 + NOT_BLOCKED_TRUSTED_FOR_MS);
    expect(await budget.retryAfterSeconds('198.51.100.1')).toBe(42);
    expect(state.asked).toBe(2);
  });

  it('honours a block it spends at once and for its whole duration, without asking again', async () => {
    jest.useFakeTimers({ now: 7_000_000 });
    const { state, budget } = sharedStore();
    expect(await budget.retryAfterSeconds('198.51.100.2')).toBe(0);
    expect(await budget.recordFailure('198.51.100.2')).toBe(0);
    expect(await budget.recordFailure('198.51.100.2')).toBe(0);
    expect(await budget.recordFailure('198.51.100.2')).toBe(60);
    const asked = state.asked;
    expect(await budget.retryAfterSeconds('198.51.100.2')).toBe(60);
    jest.setSystemTime(7_000_000 + 59_000);
    expect(await budget.retryAfterSeconds('198.51.100.2')).toBe(1);
    expect(state.asked).toBe(asked);
    // Other addresses are not affected.
    expect(await budget.retryAfterSeconds('198.51.100.3')).toBe(0);
  });
});
