export { FAIL_FAST_REDIS, REDIS, RedisModule } from './redis.module';
export { redisAnswers, redisConnectionOptions } from './redis-connection';
export { requireRedis } from './redis-required';
