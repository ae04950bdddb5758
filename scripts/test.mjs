#!/usr/bin/env node
// `npm test`: lint, lib cycles, format check, typecheck, the API document and client check, then every Jest project against a Postgres database and a Redis db of
// the suite's own (never the ones `npm start` uses), provided the same way `npm start` provides them.
// Extra arguments go to Jest (e.g. `npm test -- --testPathPatterns libs/payouts`).
// `--faults` (npm run test:faults) runs the fault-injection project (test/fault/) instead, without the static checks.
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[test] ${message}`);
ensureDependencies(root, say);

const { providePostgres } = await import('./lib/postgres.mjs');
const { provideRedis } = await import('./lib/redis.mjs');
const { runToEnd } = await import('./lib/processes.mjs');
const { provideChromium } = await import('./lib/chromium.mjs');

const faults = process.argv.includes('--faults');
const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--faults');
const projects = faults ? ['faults'] : ['unit', 'integration'];
const startedAt = Date.now();
const failures = [];
const step = async (name, command, args, options = {}) => {
  const began = Date.now();
  const result = await runToEnd(command, args, { cwd: root, env: options.env ?? process.env, quiet: options.quiet });
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  if (result.code !== 0) {
    failures.push(name);
    say(`${name}: FAILED (${seconds} s)`);
    if (options.quiet) process.stdout.write(result.output);
  } else say(`${name}: ok (${seconds} s)`);
  return result;
};

// Static checks run while the database and Redis come up: two cores, two jobs.
const staticChecks = faults
  ? Promise.resolve()
  : Promise.all([
      step('lint', 'npx', ['eslint', '.', '--max-warnings', '0'], { quiet: true }),
      step('lib cycles', 'node', ['scripts/check-lib-cycles.mjs'], { quiet: true }),
      step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { quiet: true }),
      step('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.'], { quiet: true }),
    ]);

// Installing Chromium (apt) runs beside the static checks; it is awaited before Redis, whose install also uses apt.
const chromium = faults ? Promise.resolve(true) : provideChromium(say);
const postgres = await providePostgres({
  root,
  givenUrl: process.env.TEST_DATABASE_URL,
  database: faults ? 'payouts_faults' : 'payouts_test',
  embeddedPort: 54339,
  dataFolder: 'postgres-test',
  fresh: true,
  say,
});
await chromium;
const redis = await provideRedis({
  root,
  givenUrl: process.env.TEST_REDIS_URL,
  db: 15,
  childPort: 63791,
  dataFolder: 'redis-test',
  persistent: false,
  say,
});

const env = {
  ...process.env,
  NODE_ENV: 'test',
  DATABASE_URL: postgres.url,
  TEST_DATABASE_SERVER: postgres.server,
  REDIS_URL: redis.url,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
await staticChecks;

await step(
  'migrations',
  'node',
  ['-r', '@swc-node/register', 'node_modules/typeorm/cli.js', 'migration:run', '-d', 'libs/manifest/data-source.ts'],
  { env, quiet: true },
);

// The served OpenAPI document lints clean (redocly, recommended rules), the committed TypeScript client is what it
// generates, and the integration flow compiles with tsc --strict and no casts (test/client/client-check.ts).
if (!faults) {
  await step('api document and client', 'node', ['-r', '@swc-node/register', 'test/client/client-check.ts'], {
    env,
    quiet: true,
  });
}

mkdirSync(join(root, 'test-artifacts'), { recursive: true });
const report = join(root, 'test-artifacts', faults ? 'jest-faults-report.json' : 'jest-report.json');
const jest = await step(
  faults ? 'jest (faults)' : 'jest',
  'npx',
  // The fault files each load both cores on purpose (their timing is part of what they test): one at a time.
  [
    'jest',
    '--ci',
    faults ? '--maxWorkers=1' : '--maxWorkers=2',
    '--selectProjects',
    ...projects,
    '--json',
    '--outputFile',
    report,
    ...jestArgs,
  ],
  { env },
);

await redis.stop();
await postgres.stop();

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
}
const minutes = ((Date.now() - startedAt) / 60000).toFixed(1);
say(`finished in ${minutes} min${failures.length ? `; failed steps: ${failures.join(', ')}` : ''}`);
// The plain closing line CI reads.
console.log(`${faults ? 'faults' : 'tests'}: ${passed} passed, ${failed} failed`);
process.exit(failures.length > 0 || jest.code !== 0 || passed === 0 ? 1 : 0);
