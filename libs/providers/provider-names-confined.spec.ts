import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDER_NAMES } from './registry';

const ROOT = join(__dirname, '..', '..');

/**
 * Where a provider may be named: its own folders, the one list of registrations, the sandbox's list of the providers
 * it emulates (the sandbox never imports this registry), byte-exact payloads, prose, and specs with their data.
 */
const MAY_NAME_A_PROVIDER: readonly RegExp[] = [
  new RegExp(`^libs/(providers|sandbox)/(${PROVIDER_NAMES.join('|')})/`),
  /^libs\/providers\/registry\.ts$/,
  /^libs\/sandbox\/provider-name\.ts$/,
  /(^|\/)fixtures\//,
  /\.md$/,
  /\.spec\.ts$/,
  /\.test-data\.ts$/,
];

/**
 * The sandbox's shared files that still compose its two emulators by name (options and config, chaos tables, transfer
 * store, the server): delete each line once that part lives in libs/sandbox/<name>/.
 */
const SANDBOX_NOT_YET_SPLIT: readonly RegExp[] = [
  /^libs\/sandbox\/chaos\/chaos-engine\.ts$/,
  /^libs\/sandbox\/chaos\/chaos-profile\.ts$/,
  /^libs\/sandbox\/sandbox\.config\.ts$/,
  /^libs\/sandbox\/sandbox\.options-from-config\.ts$/,
  /^libs\/sandbox\/sandbox\.options\.ts$/,
  /^libs\/sandbox\/sandbox\.ts$/,
  /^libs\/sandbox\/store\/transfer\.store\.ts$/,
  /^libs\/sandbox\/store\/transfer\.ts$/,
];

const mentionsAProvider = (path: string): boolean =>
  new RegExp(PROVIDER_NAMES.join('|'), 'i').test(readFileSync(join(ROOT, path), 'utf8'));

function trackedSources(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--', 'libs', 'apps'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\0').filter((path) => path.length > 0);
}

describe('provider names', () => {
  it('appear only in the provider folders and libs/providers/registry.ts: the rest asks the registry', () => {
    const allowed = [...MAY_NAME_A_PROVIDER, ...SANDBOX_NOT_YET_SPLIT];
    const offenders = trackedSources()
      .filter((path) => !allowed.some((pattern) => pattern.test(path)))
      .filter(mentionsAProvider);
    expect(offenders).toEqual([]);
  });

  it('keeps no temporary exception that is no longer needed', () => {
    const naming = trackedSources().filter(mentionsAProvider);
    const stale = [...SANDBOX_NOT_YET_SPLIT]
      .filter((pattern) => !naming.some((path) => pattern.test(path)))
      .map(String);
    expect(stale).toEqual([]);
  });
});
