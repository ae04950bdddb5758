import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDER_NAMES } from './registry';

const ROOT = join(__dirname, '..', '..');

/**
 * Where a provider may be named: its own folders, the one list of registrations, the sandbox's list of the providers
 * it emulates and its list of emulators (the sandbox never imports this registry), byte-exact payloads, prose, and specs
 * with their data.
 */
const MAY_NAME_A_PROVIDER: readonly RegExp[] = [
  new RegExp(`^libs/(providers|sandbox)/(${PROVIDER_NAMES.join('|')})/`),
  /^libs\/providers\/registry\.ts$/,
  /^libs\/sandbox\/provider-name\.ts$/,
  // The sandbox's one list of its emulator registrations, as registry.ts is the adapters'.
  /^libs\/sandbox\/emulators\.ts$/,
  /(^|\/)fixtures\//,
  /\.md$/,
  /\.spec\.ts$/,
  /\.test-data\.ts$/,
];

const mentionsAProvider = (path: string): boolean =>
  new RegExp(PROVIDER_NAMES.join('|'), 'i').test(readFileSync(join(ROOT, path), 'utf8'));

function trackedSources(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--', 'libs', 'apps'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\0').filter((path) => path.length > 0);
}

describe('provider names', () => {
  it('appear only in the provider folders and libs/providers/registry.ts: the rest asks the registry', () => {
    const offenders = trackedSources()
      .filter((path) => !MAY_NAME_A_PROVIDER.some((pattern) => pattern.test(path)))
      .filter(mentionsAProvider);
    expect(offenders).toEqual([]);
  });

  it('allows no single file that no longer names a provider', () => {
    const naming = trackedSources().filter(mentionsAProvider);
    const singleFiles = MAY_NAME_A_PROVIDER.filter(
      (pattern) => pattern.source.startsWith('^') && pattern.source.endsWith('$'),
    );
    const stale = singleFiles.filter((pattern) => !naming.some((path) => pattern.test(path))).map(String);
    expect(stale).toEqual([]);
  });
});
