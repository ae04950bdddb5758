import type { RetryPolicy } from './retry-policy';

/**
 * The outer deadline of one adapter operation: every try timing out, every backoff at its longest, every rate-budget
 * wait at its bound, twice (a lookup may take two calls). A safety net for a stuck adapter, never the normal path.
 */
export function operationTimeoutMs(timeoutMs: number, policy: RetryPolicy, budgetMaxWaitMs = 0): number {
  const longestPause = Math.max(policy.maxDelayMs, policy.maxRetryAfterMs);
  const oneCall = policy.maxAttempts * (timeoutMs + budgetMaxWaitMs) + (policy.maxAttempts - 1) * longestPause;
  return 2 * oneCall + 1_000;
}
