import { serviceUnavailable } from '@libs/platform/http';

/**
 * The one way a request of the api uses Redis for something it cannot do without: `work` runs on the FAIL_FAST_REDIS
 * client, so while Redis is unreachable it fails within FAIL_FAST_COMMAND_TIMEOUT_MS, and the failure becomes a 503
 * `service_unavailable` (with Retry-After) that names what needed Redis. Driver text never reaches the caller.
 */
export async function requireRedis<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    throw serviceUnavailable(`${what} needs Redis, which is unreachable right now; try again shortly`);
  }
}
