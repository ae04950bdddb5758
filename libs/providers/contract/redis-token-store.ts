import type Redis from 'ioredis';
import type { CachedToken, TokenStore } from './token-store';

const DELETE_IF_TOKEN = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).accessToken == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
const UNLOCK_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * The token every worker shares, and the SET NX PX lock that lets one of them refresh it. `name` says whose
 * credentials these are (e.g. `<provider>:<hash>`, never a secret), so two accounts never share a token.
 */
export class RedisTokenStore implements TokenStore {
  private readonly tokenKey: string;
  private readonly lockKey: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    name: string,
  ) {
    this.tokenKey = `${keyPrefix}token:${name}`;
    this.lockKey = `${keyPrefix}token-lock:${name}`;
  }

  async read(): Promise<CachedToken | undefined> {
    const text = await this.redis.get(this.tokenKey);
    if (text === null) return undefined;
    try {
      const value = JSON.parse(text) as Partial<CachedToken>;
      if (typeof value.accessToken !== 'string' || typeof value.expiresAtMs !== 'number') return undefined;
      return { accessToken: value.accessToken, expiresAtMs: value.expiresAtMs, refreshAtMs: value.refreshAtMs ?? 0 };
    } catch {
      return undefined;
    }
  }

  async write(token: CachedToken, ttlMs: number): Promise<void> {
    await this.redis.set(this.tokenKey, JSON.stringify(token), 'PX', Math.max(1, Math.floor(ttlMs)));
  }

  async discard(accessToken: string): Promise<void> {
    await this.redis.eval(DELETE_IF_TOKEN, 1, this.tokenKey, accessToken);
  }

  async tryLock(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.lockKey, owner, 'PX', Math.max(1, Math.floor(ttlMs)), 'NX')) === 'OK';
  }

  async unlock(owner: string): Promise<void> {
    await this.redis.eval(UNLOCK_IF_OWNER, 1, this.lockKey, owner);
  }
}
