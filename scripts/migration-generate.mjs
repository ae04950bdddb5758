#!/usr/bin/env node
// `npm run migration:generate -- <verb-noun>`: writes migrations/<epoch-ms>-<verb-noun>.ts from the entity drift.
// `npm run migration:generate -- --check` exits non-zero when entities and migrations disagree (the drift test).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const check = args.includes('--check');
const name = args.find((a) => !a.startsWith('--'));
if (!check && !/^[a-z]+(-[a-z0-9]+)+$/.test(name ?? '')) {
  console.error('usage: npm run migration:generate -- <verb-noun>   (e.g. create-payouts)   or   -- --check');
  process.exit(2);
}
const cli = [
  '-r',
  '@swc-node/register',
  'node_modules/typeorm/cli.js',
  'migration:generate',
  `migrations/${name ?? 'drift'}`,
  '-d',
  'libs/manifest/data-source.ts',
  '--pretty',
];
if (check) cli.push('--check', '--dryrun');
const result = spawnSync('node', cli, { stdio: 'inherit' });
process.exit(result.status ?? 1);
