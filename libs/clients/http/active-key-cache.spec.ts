import type { ClientRecord } from '../application/client-store.port';
import { ActiveKeyCache } from './active-key-cache';

const client: ClientRecord = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'acme',
  scopes: ['payouts:write'],
  callbackUrl: null,
  hasWebhookSecret: false,
  revokedAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

describe('ActiveKeyCache', () => {
  let now: number;
  let active: boolean;
  let lookups: number;
  let cache: ActiveKeyCache;

  beforeEach(() => {
    now = 1_000_000;
    active = true;
    lookups = 0;
    const store = {
      findActiveByKeyHash: (hash: string) => {
        lookups += 1;
        return Promise.resolve(active && hash === 'h1' ? client : undefined);
      },
    };
    cache = new ActiveKeyCache(store, 1_000, () => now);
  });

  it('asks the store once per key within the TTL', async () => {
    await expect(cache.findActiveByKeyHash('h1')).resolves.toBe(client);
    now += 999;
    await expect(cache.findActiveByKeyHash('h1')).resolves.toBe(client);
    expect(lookups).toBe(1);
  });

  it('sees a revocation made elsewhere once the TTL has passed', async () => {
    await cache.findActiveByKeyHash('h1');
    active = false; // revoked by another process: nothing tells this one
    now += 1_000;
    await expect(cache.findActiveByKeyHash('h1')).resolves.toBeUndefined();
    now += 1;
    await expect(cache.findActiveByKeyHash('h1')).resolves.toBeUndefined();
    expect(lookups).toBe(3);
  });

  it('never remembers an unknown key', async () => {
    await expect(cache.findActiveByKeyHash('nope')).resolves.toBeUndefined();
    await expect(cache.findActiveByKeyHash('nope')).resolves.toBeUndefined();
    expect(lookups).toBe(2);
  });
});
