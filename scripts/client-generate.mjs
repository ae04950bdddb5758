#!/usr/bin/env node
// `npm run client:generate`: writes clients/typescript (openapi.json and schema.ts) from the document the api serves,
// on the Postgres and Redis `npm start` uses (provided the same way when none answers).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[client] ${message}`);
ensureDependencies(root, say);

const { providePostgres } = await import('./lib/postgres.mjs');
const { provideRedis } = await import('./lib/redis.mjs');
const { runToEnd } = await import('./lib/processes.mjs');

const postgres = await providePostgres({
  root,
  givenUrl: process.env.DATABASE_URL,
  database: 'payouts',
  embeddedPort: 54329,
  dataFolder: 'postgres',
  fresh: false,
  say,
});
const redis = await provideRedis({
  root,
  givenUrl: process.env.REDIS_URL,
  db: 0,
  childPort: 63790,
  dataFolder: 'redis',
  persistent: true,
  say,
});
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  DATABASE_URL: postgres.url,
  REDIS_URL: redis.url,
};
const result = await runToEnd('node', ['-r', '@swc-node/register', 'test/client/client-check.ts', '--write'], {
  cwd: root,
  env,
});
await redis.stop();
await postgres.stop();
process.exit(result.code);
