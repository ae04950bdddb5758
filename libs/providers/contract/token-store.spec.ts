import { InMemoryTokenStore } from './token-store';

describe('InMemoryTokenStore', () => {
  it('forgets a token after its ttl and discards only the token it was asked to', async () => {
    let now = 0;
    const store = new InMemoryTokenStore(() => now);
    const token = { accessToken: 'a', expiresAtMs: 1_000, refreshAtMs: 800 };
    await store.write(token, 1_000);
    await store.discard('b');
    expect(await store.read()).toEqual(token);
    await store.discard('a');
    expect(await store.read()).toBeUndefined();
    await store.write(token, 1_000);
    now = 1_000;
    expect(await store.read()).toBeUndefined();
  });

  it('lets one owner hold the lock until it unlocks or the lock expires', async () => {
    let now = 0;
    const store = new InMemoryTokenStore(() => now);
    expect(await store.tryLock('a', 100)).toBe(true);
    expect(await store.tryLock('b', 100)).toBe(false);
    await store.unlock('b');
    expect(await store.tryLock('b', 100)).toBe(false);
    now = 100;
    expect(await store.tryLock('b', 100)).toBe(true);
    await store.unlock('b');
    expect(await store.tryLock('a', 100)).toBe(true);
  });
});
