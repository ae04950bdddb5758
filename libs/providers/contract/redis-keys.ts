/** Prefix of every Redis key the adapters write (rate budgets, Sipay token cache and lock). */
export const PROVIDERS_REDIS_PREFIX = 'providers:';
