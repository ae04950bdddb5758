/** Prefix of every Redis key the adapters write (rate budgets, OAuth token caches and locks). */
export const PROVIDERS_REDIS_PREFIX = 'providers:';
