import type { ClientRecord, ClientStore } from '../application/client-store.port';

/** How long a key found active is trusted without asking Postgres again: the longest a revocation waits to bite. */
export const ACTIVE_KEY_TTL_MS = 1_000;
/** Enough for every client's key many times over; past it the cache starts afresh rather than growing. */
const MAX_ENTRIES = 10_000;

/**
 * The API-key lookup of the guard, remembered for at most ACTIVE_KEY_TTL_MS per key hash: at hundreds of requests a
 * second from one client this saves a Postgres round trip on nearly every request. A TTL rather than a LISTEN/NOTIFY
 * on revocation because `clients:revoke` runs in another process and a listener connection that drops silently would
 * leave a revoked key working; a TTL bounds that in every case. Only keys found active are kept: an unknown or
 * revoked key is asked every time (and spends the caller's failure budget), and a new key works at once.
 */
export class ActiveKeyCache {
  private readonly entries = new Map<string, { client: ClientRecord; expiresAt: number }>();

  constructor(
    private readonly store: Pick<ClientStore, 'findActiveByKeyHash'>,
    private readonly ttlMs = ACTIVE_KEY_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async findActiveByKeyHash(keyHash: string): Promise<ClientRecord | undefined> {
    const now = this.now();
    const cached = this.entries.get(keyHash);
    if (cached && cached.expiresAt > now) return cached.client;
    this.entries.delete(keyHash);
    const client = await this.store.findActiveByKeyHash(keyHash);
    if (client) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(keyHash, { client, expiresAt: now + this.ttlMs });
    }
    return client;
  }
}
