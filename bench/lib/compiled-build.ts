import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `--compiled`: the service compiled ahead of time with tsc into a temp folder, so the bench can run it as plain
 * JavaScript and show what the start-from-sources mode (@swc-node/register compiling on load) costs. `@libs/*` is
 * resolved through a node_modules/@libs link to the compiled libs; every other package links to ours.
 */
export function compileService(): string {
  const out = mkdtempSync(join(tmpdir(), 'bench-build-'));
  execFileSync(
    'npx',
    [
      'tsc',
      '-p',
      'tsconfig.json',
      '--outDir',
      out,
      '--incremental',
      'false',
      '--sourceMap',
      'false',
      '--tsBuildInfoFile',
      'null',
    ],
    { stdio: 'ignore' },
  );
  const modules = join(out, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync('node_modules')) {
    if (entry !== '@libs') symlinkSync(resolve('node_modules', entry), join(modules, entry));
  }
  symlinkSync(join(out, 'libs'), join(modules, '@libs'));
  return out;
}
