import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { ConfigService } from '@libs/platform/config';
import type { DispatchLease, LeaseHandle } from '../application';
import { dispatchConfig } from '../dispatch.config';

const leaseKey = (payoutId: string): string => `dispatch:lease:${payoutId}`;

// Renew or delete only a lease that is still ours: after a long pause ours may have expired and another worker's
// taken its place.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A Redis key per payout while a job works on it, renewed every third of its TTL. A worker killed with -9 stops
 * renewing, so the key expires and the reaper sees that no live job holds the payout.
 */
export class RedisDispatchLease implements DispatchLease {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
  ) {}

  async acquire(payoutId: string): Promise<LeaseHandle | undefined> {
    const token = randomUUID();
    const key = leaseKey(payoutId);
    const taken = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
    if (taken !== 'OK') return undefined;
    const renew = setInterval(
      () => {
        this.redis.eval(RENEW, 1, key, token, String(this.ttlMs)).catch(() => undefined);
      },
      Math.max(100, Math.floor(this.ttlMs / 3)),
    );
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      },
    };
  }

  async heldAmong(payoutIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (payoutIds.length === 0) return new Set();
    const values = await this.redis.mget(payoutIds.map(leaseKey));
    return new Set(payoutIds.filter((_, index) => values[index] !== null));
  }
}

/**
 * The one lease per payout that every call able to reach a provider's create takes: dispatch's sends and resends,
 * and reconciliation's lookups (a lookup may replay the create), so two calls of one attempt never run at once.
 */
export const dispatchLease = (redis: Redis, config: ConfigService): DispatchLease =>
  new RedisDispatchLease(redis, config.get(dispatchConfig).leaseTtlMs);
