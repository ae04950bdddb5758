#!/usr/bin/env node
// `npm run test:chaos`: seeded provider chaos against the real stack (test/chaos/README.md). Provides Postgres and
// Redis the way `npm test` does (the machine's when they answer, else disposable ones), then runs
// test/chaos/run-chaos.ts with the arguments given (e.g. `npm run test:chaos -- --seeds 50 --payouts 200`).
// Its last line is `chaos: <n> passed, <m> failed` (seeds), which CI reads.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[test:chaos] ${message}`);
ensureDependencies(root, say);

const { providePostgres } = await import('./lib/postgres.mjs');
const { provideRedis } = await import('./lib/redis.mjs');
const { runToEnd } = await import('./lib/processes.mjs');

const postgres = await providePostgres({
  root,
  givenUrl: process.env.TEST_DATABASE_URL,
  // Only the server is used (each run makes a database of its own, t_chaos_*); not recreated, so runs can overlap.
  database: 'payouts_chaos',
  embeddedPort: 54339,
  dataFolder: 'postgres-test',
  fresh: false,
  say,
});
const redis = await provideRedis({
  root,
  givenUrl: process.env.TEST_REDIS_URL,
  db: 13,
  childPort: 63791,
  dataFolder: 'redis-test',
  persistent: false,
  say,
});

const env = {
  ...process.env,
  NODE_ENV: 'test',
  TEST_DATABASE_SERVER: postgres.server,
  REDIS_URL: redis.url,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const run = await runToEnd('node', ['-r', '@swc-node/register', 'test/chaos/run-chaos.ts', ...process.argv.slice(2)], {
  cwd: root,
  env,
});
await redis.stop();
await postgres.stop();
process.exit(run.code);
