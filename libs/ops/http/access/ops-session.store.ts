import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { requireRedis } from '@libs/platform/redis';

/** A signed-in browser's session lives this long (no sliding renewal: people on call sign in once a shift). */
export const OPS_SESSION_TTL_MS = 12 * 3_600_000;

const keyOf = (sessionId: string) => `ops-session:${createHash('sha256').update(sessionId).digest('hex')}`;

/**
 * Server-side sessions for the /ops page in Redis. The cookie holds a random id, never the API key; Redis holds only
 * the id's hash and the client id, so neither side alone can act as the other. Built on the FAIL_FAST_REDIS client:
 * while Redis is unreachable a sign-in, a session lookup or a sign-out is refused at once (503 service_unavailable),
 * never left waiting for Redis.
 */
export class OpsSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number = OPS_SESSION_TTL_MS,
  ) {}

  async create(clientId: string): Promise<string> {
    const sessionId = randomBytes(32).toString('base64url');
    await requireRedis('signing in', () => this.redis.set(keyOf(sessionId), clientId, 'PX', this.ttlMs));
    return sessionId;
  }

  async clientIdOf(sessionId: string): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
    return (await requireRedis('the ops session', () => this.redis.get(keyOf(sessionId)))) ?? undefined;
  }

  async destroy(sessionId: string): Promise<void> {
    await requireRedis('signing out', () => this.redis.del(keyOf(sessionId)));
  }

  get ttlSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }
}
