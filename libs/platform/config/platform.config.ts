import { defineSlice, duration, list, oneOf, port, positiveNumber, text, trustProxy, url } from './config-entry';

export const platformConfig = defineSlice('platform', {
  nodeEnv: oneOf(['development', 'test', 'production'] as const)('NODE_ENV', {
    description: 'development allows plain http and loopback callback URLs; test and production do not',
    default: 'production',
  }),
  logLevel: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const)('LOG_LEVEL', {
    description: 'pino log level',
    default: 'info',
  }),
  logFormat: oneOf(['pretty', 'json'] as const)('LOG_FORMAT', {
    description:
      'pretty: one readable line per entry, coloured on a terminal (npm start, npm run start:*); json: one JSON ' +
      'object per line, for a log shipper. Unset: pretty when stdout is a terminal, else json',
  }),
  databaseUrl: url(['postgres', 'postgresql'])('DATABASE_URL', {
    description: 'PostgreSQL connection URL (the ledger)',
    default: 'postgres://postgres@127.0.0.1:5432/payouts',
    secret: true,
  }),
  redisUrl: url(['redis', 'rediss'])('REDIS_URL', {
    description: 'Redis connection URL with its db number (queues, rate budgets, token cache)',
    default: 'redis://127.0.0.1:6379/0',
    secret: true,
  }),
  redisKeyPrefix: text('REDIS_KEY_PREFIX', {
    description:
      'prefix of every Redis key (queues, budgets, caches), so several deployments or test runs share one Redis',
    default: '',
  }),
  apiPort: port('PORT', { description: 'HTTP port of the api process', default: '3000' }),
  trustProxy: trustProxy('TRUST_PROXY', {
    description:
      'proxies whose X-Forwarded-For/-Proto the api believes (client address for allowlists and rate limits, https ' +
      'for Secure cookies): a hop count (1 = the load balancer in front), or comma-separated addresses, CIDR ranges ' +
      'and loopback, linklocal, uniquelocal',
    default: 'loopback',
  }),
  workerPort: port('WORKER_PORT', { description: 'health and metrics port of the worker process', default: '3001' }),
  sandboxPort: port('SANDBOX_PORT', { description: 'HTTP port of the provider sandbox', default: '4010' }),
  providerTimeoutMs: duration('PROVIDER_TIMEOUT', {
    description: 'timeout of every outbound provider call',
    default: '10s',
  }),
  pollTimeScale: positiveNumber('POLL_TIME_SCALE', {
    description:
      'scales every scheduled delay (polling, sweepers, retries, provider webhook windows); 0.01 = 100x sooner',
    default: '1',
  }),
  callbackAllowedHosts: list('CALLBACK_ALLOWED_HOSTS', {
    description: 'hosts a client callback URL may use even though they resolve to private or loopback addresses',
    default: '',
  }),
  instanceName: text('INSTANCE_NAME', {
    description: 'name of this process in logs and metrics (defaults to the process role)',
  }),
});
