import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The `node -r` module that counts each service process's requests to Redis (see its header). */
export const REDIS_REQUESTS_PRELOAD = join(__dirname, 'redis-requests-preload.js');

/** Requests written to Redis, by role (api, worker, sandbox), summed over the role's processes. */
export type RedisRequests = Record<string, number>;

/** Where the service processes of one bench stack leave their counts: one small JSON file per process. */
export function redisRequestsFolder(): string {
  return mkdtempSync(join(tmpdir(), 'bench-redis-requests-'));
}

/** The counts now (at most 1 s old; each file is renamed into place whole). A process that exited keeps its last file, so sums never go back. */
export function readRedisRequests(folder: string): RedisRequests {
  const counts: RedisRequests = {};
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.json'))) {
    const { role, requests } = JSON.parse(readFileSync(join(folder, name), 'utf8')) as {
      role: string;
      requests: number;
    };
    counts[role] = (counts[role] ?? 0) + requests;
  }
  return counts;
}

/** Requests between two snapshots, by role. */
export function redisRequestsDelta(before: RedisRequests, after: RedisRequests): RedisRequests {
  return Object.fromEntries(Object.entries(after).map(([role, count]) => [role, count - (before[role] ?? 0)]));
}
