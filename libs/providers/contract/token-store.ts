/** An access token as cached: never logged, never part of an error. */
export interface CachedToken {
  accessToken: string;
  expiresAtMs: number;
  /** When to fetch the next one (~80 % of the lifetime), while this one still works. */
  refreshAtMs: number;
}

/**
 * Where processes share an OAuth access token, and the lock that makes one of them fetch it (single flight across
 * processes). Implementations: Redis (production) and in-memory (unit tests).
 */
export interface TokenStore {
  read(): Promise<CachedToken | undefined>;
  write(token: CachedToken, ttlMs: number): Promise<void>;
  /** Removes the stored token only while it is still `accessToken`: another process may have replaced it already. */
  discard(accessToken: string): Promise<void>;
  /** True when `owner` now holds the refresh lock for `ttlMs`. */
  tryLock(owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock only if `owner` still holds it. */
  unlock(owner: string): Promise<void>;
}

export class InMemoryTokenStore implements TokenStore {
  private token?: { value: CachedToken; expiresAtMs: number };
  private lock?: { owner: string; expiresAtMs: number };

  constructor(private readonly now: () => number = Date.now) {}

  async read(): Promise<CachedToken | undefined> {
    if (this.token && this.token.expiresAtMs > this.now()) return { ...this.token.value };
    return undefined;
  }

  async write(token: CachedToken, ttlMs: number): Promise<void> {
    this.token = { value: { ...token }, expiresAtMs: this.now() + ttlMs };
  }

  async discard(accessToken: string): Promise<void> {
    if (this.token?.value.accessToken === accessToken) this.token = undefined;
  }

  async tryLock(owner: string, ttlMs: number): Promise<boolean> {
    if (this.lock && this.lock.expiresAtMs > this.now()) return false;
    this.lock = { owner, expiresAtMs: this.now() + ttlMs };
    return true;
  }

  async unlock(owner: string): Promise<void> {
    if (this.lock?.owner === owner) this.lock = undefined;
  }
}
