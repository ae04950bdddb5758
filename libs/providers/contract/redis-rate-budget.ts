import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { RateBudget, RateTake } from './rate-budget';

// A sliding window log on a sorted set, timed by the Redis server's clock so processes with skewed clocks agree.
// Returns 0 when a slot was taken, else the milliseconds until the oldest entry leaves the window.
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** The name under which TAKE_SLOT is defined on the Redis client (ioredis `defineCommand`). */
const TAKE_SLOT_COMMAND = 'providerRateTakeSlot';
type TakeSlotCommand = (key: string, limit: number, windowMs: number, member: string) => Promise<unknown>;

/** The rate budget every worker process shares (style.md §12: a provider's budget lives in Redis, not in a queue). */
export class RedisRateBudget implements RateBudget {
  private readonly takeSlot: TakeSlotCommand;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    // Sent as EVALSHA, the script's hash, rather than the whole script with every provider call's EVAL; ioredis
    // sends the script itself once when Redis answers NOSCRIPT (a restarted or flushed Redis).
    if (!(TAKE_SLOT_COMMAND in redis)) redis.defineCommand(TAKE_SLOT_COMMAND, { numberOfKeys: 1, lua: TAKE_SLOT });
    const command = (redis as unknown as Record<string, TakeSlotCommand>)[TAKE_SLOT_COMMAND];
    this.takeSlot = command.bind(redis);
  }

  async tryTake(key: string, limit: number, windowMs: number): Promise<RateTake> {
    const result = await this.takeSlot(`${this.keyPrefix}rate:${key}`, limit, windowMs, randomUUID());
    const retryInMs = Number(result);
    return retryInMs === 0 ? { granted: true } : { granted: false, retryInMs };
  }
}
