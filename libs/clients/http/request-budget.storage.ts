import { Logger } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import type { Gauge } from 'prom-client';

/** One counted request, as ThrottlerGuard passes it to a storage: key, ttl, limit, blockDuration, throttlerName. */
export type BudgetHit = Parameters<ThrottlerStorage['increment']>;
/** What a storage answers for a counted request. */
export type BudgetRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The name under which the budget script is defined on the Redis client (ioredis `defineCommand`). */
const INCREMENT_COMMAND = 'requestBudgetIncrement';
type IncrementCommand = (...args: (string | number)[]) => Promise<unknown>;

/** After a failed Redis call, requests stay on the per-process counts this long before Redis is tried again. */
const RETRY_REDIS_AFTER_MS = 1_000;

/**
 * The request budgets' counts: in Redis, so every api process shares them, and in this process's memory while Redis
 * is unreachable, so a Redis outage never holds up a request (api.md "Health and metrics"). The Redis client must be
 * the fail-fast one: with no offline queue its commands fail at once while Redis is down, and its command timeout
 * bounds a Redis that accepts connections but does not answer. Entering and leaving the per-process mode is logged
 * once each (warn) and shown by the `payout_rate_limit_degraded` gauge.
 */
export class RequestBudgetStorage implements ThrottlerStorage {
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private readonly logger = new Logger('RequestBudgets');
  private degraded = false;
  private closed = false;
  private retryRedisAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly degradedGauge: Gauge,
  ) {
    this.shared = new ThrottlerStorageRedisService(redis);
    // The library's script, sent as EVALSHA (ioredis loads it on the first NOSCRIPT) rather than the whole script
    // with every request's EVAL.
    if (!(INCREMENT_COMMAND in redis)) {
      redis.defineCommand(INCREMENT_COMMAND, { numberOfKeys: 2, lua: this.shared.scriptSrc });
    }
    redis.on('ready', () => {
      this.retryRedisAt = 0;
      this.setDegraded(false);
    });
    redis.on('close', () => this.setDegraded(true));
    if (redis.status === 'wait') redis.connect().catch(() => undefined);
    degradedGauge.set(0);
  }

  get isDegraded(): boolean {
    return this.degraded;
  }

  async increment(...hit: BudgetHit): Promise<BudgetRecord> {
    if (this.redisUsable()) {
      try {
        const record = await this.incrementShared(...hit);
        this.setDegraded(false);
        return record;
      } catch {
        this.redisFailed();
      }
    }
    this.setDegraded(true);
    return this.local.increment(...hit);
  }

  /** Seconds left of a block `increment` set on this key, without counting a hit; 0 when not blocked. */
  async blockedForSeconds(key: string, throttlerName: string): Promise<number> {
    if (this.redisUsable()) {
      try {
        // The key @nest-lab/throttler-storage-redis sets when a budget is exceeded.
        const ms = await this.redis.pttl(`{${key}:${throttlerName}}:blocked`);
        this.setDegraded(false);
        return ms > 0 ? Math.ceil(ms / 1000) : 0;
      } catch {
        this.redisFailed();
      }
    }
    this.setDegraded(true);
    const record = this.local.storage.get(key);
    if (!record?.isBlocked) return 0;
    const ms = record.blockExpiresAt - Date.now();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** ThrottlerStorageRedisService.increment over EVALSHA: the same keys, arguments and answer. */
  private async incrementShared(...[key, ttl, limit, blockDuration, throttlerName]: BudgetHit): Promise<BudgetRecord> {
    const command = (this.redis as unknown as Record<string, IncrementCommand>)[INCREMENT_COMMAND];
    const results = await command.call(
      this.redis,
      `{${key}:${throttlerName}}:hits`,
      `{${key}:${throttlerName}}:blocked`,
      throttlerName,
      ttl,
      limit,
      blockDuration,
    );
    if (!Array.isArray(results) || results.length !== 4 || !results.every((n) => typeof n === 'number')) {
      throw new TypeError('the request budget script answered something other than four numbers');
    }
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = results as number[];
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }

  /** At shutdown: stops the in-memory store's sweep timer; the connection closing then is no outage. */
  close(): void {
    this.closed = true;
    this.local.onApplicationShutdown();
  }

  private redisUsable(): boolean {
    return this.redis.status === 'ready' && Date.now() >= this.retryRedisAt;
  }

  private redisFailed(): void {
    this.retryRedisAt = Date.now() + RETRY_REDIS_AFTER_MS;
    this.setDegraded(true);
  }

  private setDegraded(degraded: boolean): void {
    if (degraded === this.degraded || this.closed) return;
    this.degraded = degraded;
    this.degradedGauge.set(degraded ? 1 : 0);
    if (degraded) {
      this.logger.warn(
        'rate limiting degraded: Redis is unreachable, so request budgets are counted per process until it returns',
      );
    } else {
      this.logger.warn('rate limiting restored: request budgets are shared through Redis again');
    }
  }
}
