import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/** A signed-in browser's session lives this long (no sliding renewal: people on call sign in once a shift). */
export const OPS_SESSION_TTL_MS = 12 * 3_600_000;

const keyOf = (sessionId: string) => `ops-session:${createHash('sha256').update(sessionId).digest('hex')}`;

/**
 * Server-side sessions for the /ops page in Redis. The cookie holds a random id, never the API key; Redis holds only
 * the id's hash and the client id, so neither side alone can act as the other.
 */
export class OpsSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number = OPS_SESSION_TTL_MS,
  ) {}

  async create(clientId: string): Promise<string> {
    const sessionId = randomBytes(32).toString('base64url');
    await this.redis.set(keyOf(sessionId), clientId, 'PX', this.ttlMs);
    return sessionId;
  }

  async clientIdOf(sessionId: string): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
    return (await this.redis.get(keyOf(sessionId))) ?? undefined;
  }

  async destroy(sessionId: string): Promise<void> {
    await this.redis.del(keyOf(sessionId));
  }

  get ttlSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }
}
