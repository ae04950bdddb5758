#!/usr/bin/env node
// `npm start`: api + worker + provider sandbox on a Postgres and a Redis that answer, providing them when none does.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[start] ${message}`);
ensureDependencies(root, say);

const { providePostgres } = await import('./lib/postgres.mjs');
const { provideRedis } = await import('./lib/redis.mjs');
const { runToEnd, startPrefixed, waitForHttp } = await import('./lib/processes.mjs');
const { startFlags } = await import('./lib/start-flags.mjs');

const ports = {
  api: Number(process.env.PORT ?? 3000),
  worker: Number(process.env.WORKER_PORT ?? 3001),
  sandbox: Number(process.env.SANDBOX_PORT ?? 4010),
};
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

// The apps write to a pipe read here, so they cannot see this terminal themselves: the format (LOG_FORMAT, else
// pretty on a terminal and JSON when this output goes to a pipe or a file) and the colour are decided here for them.
const toTerminal = Boolean(process.stdout.isTTY);
const env = {
  ...process.env,
  LOG_FORMAT: process.env.LOG_FORMAT ?? (toTerminal ? 'pretty' : 'json'),
  ...(toTerminal && process.env.NO_COLOR === undefined && process.env.FORCE_COLOR === undefined
    ? { FORCE_COLOR: '1' }
    : {}),
  DATABASE_URL: postgres.url,
  REDIS_URL: redis.url,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  PORT: String(ports.api),
  WORKER_PORT: String(ports.worker),
  SANDBOX_PORT: String(ports.sandbox),
};
const stopInfrastructure = async () => {
  await redis.stop();
  await postgres.stop();
};

// The apps run from the compiled build (`npm run build`: nest build into dist/) as `npm run start:<app>` runs them,
// without npm between this process and each app. Migrations run from the build too: no compiler is loaded.
const built = await runToEnd('npm', ['run', '--silent', 'build'], { cwd: root, env, quiet: true });
if (built.code !== 0) {
  say(`the build failed:\n${built.output}`);
  await stopInfrastructure();
  process.exit(1);
}

say('applying migrations');
const migrated = await runToEnd(
  'node',
  ['node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/libs/manifest/data-source.js'],
  { cwd: root, env, quiet: true },
);
if (migrated.code !== 0) {
  say(`migrations failed:\n${migrated.output}`);
  await stopInfrastructure();
  process.exit(1);
}

const children = new Map();
let stopping = false;
async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  // A child killed by a signal has exitCode null and signalCode set: it is gone too.
  const running = [...children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  await stopInfrastructure();
  process.exit(exitCode);
}

for (const name of ['sandbox', 'api', 'worker']) {
  const args = [...startFlags(root, name), join('dist', 'apps', name, 'src', 'main.js')];
  const child = startPrefixed(name, process.execPath, args, { cwd: root, env });
  children.set(name, child);
  // No silent restarts: one process gone means the service is not whole; say which and stop.
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? `code ${code}`}); stopping the others`);
    void stopAll(1);
  });
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const alive = () => !stopping;
const ready = await Promise.all([
  waitForHttp(`http://127.0.0.1:${ports.api}/health/ready`, 120_000, alive),
  waitForHttp(`http://127.0.0.1:${ports.worker}/health/ready`, 120_000, alive),
  waitForHttp(`http://127.0.0.1:${ports.sandbox}/_sandbox/transfers`, 120_000, alive),
]);
if (ready.every(Boolean)) {
  say('ready:');
  say(`  api          http://127.0.0.1:${ports.api}   (OpenAPI: /docs, health: /health/ready, metrics: /metrics)`);
  say(`  worker       http://127.0.0.1:${ports.worker}   (health: /health/ready, metrics: /metrics)`);
  say(
    `  sandbox      http://127.0.0.1:${ports.sandbox}   (Pientegra: /pientegra/api/v1, Sipay: /sipay, control: /_sandbox)`,
  );
  say('  an API key:  npm run cli -- clients:create --name me --scopes payouts:write,payouts:read --json');
} else if (!stopping) {
  say('not every process became ready within 120 s; see the lines above');
}
