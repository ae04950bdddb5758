// The compiled build the processes run from: `.local/build/<hash of the sources>/`, made on demand. Plain Node
// builtins only: this module lives inside the runner that stays resident next to every app process.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';

export const APPS = ['api', 'worker', 'sandbox'];

const SOURCE_FOLDERS = ['apps', 'libs', 'migrations'];
// The lock file stands for the compiler's version; the build scripts for the compiler options.
const EXTRA_INPUTS = [
  'tsconfig.json',
  'package-lock.json',
  'scripts/lib/app-build.mjs',
  'scripts/lib/compile-tree.mjs',
];
const BUILDS_KEPT = 3;
// A compile that crashed leaves its temp folder; one this old is not still being written.
const ABANDONED_TEMP_MS = 10 * 60_000;

export const isCompiledSource = (path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts');

/** Paths relative to root, sorted, of the TypeScript files the build compiles. */
export function compiledSources(root) {
  const files = [];
  for (const folder of SOURCE_FOLDERS) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = relative(root, join(entry.parentPath ?? entry.path, entry.name));
      if (isCompiledSource(path)) files.push(path);
    }
  }
  return files.sort();
}

export function sourceHash(root) {
  const hash = createHash('sha256');
  for (const path of [...compiledSources(root), ...EXTRA_INPUTS]) {
    const absolute = join(root, path);
    const content = existsSync(absolute) ? readFileSync(absolute) : Buffer.alloc(0);
    // Length-prefixed so that moving text from one file to the next changes the hash.
    hash.update(`${path}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex').slice(0, 16);
}

export const entryOf = (buildDir, app) => join(buildDir, 'apps', app, 'src', 'main.js');

/**
 * Returns the folder holding the build of the current sources, compiling it first when it does not exist. The
 * compiler runs in a child process so that the caller never loads it; it writes into a temp folder that is renamed
 * into place, so a concurrent caller either finds the finished folder or loses the rename and uses the winner's.
 */
export function ensureBuild(root, say = (line) => process.stderr.write(`${line}\n`)) {
  const buildsDir = join(root, '.local', 'build');
  const hash = sourceHash(root);
  const buildDir = join(buildsDir, hash);
  if (!existsSync(buildDir)) {
    mkdirSync(buildsDir, { recursive: true });
    const temp = join(buildsDir, `.tmp-${hash}-${process.pid}-${Date.now()}`);
    const startedAt = Date.now();
    const compiled = spawnSync(process.execPath, [join(root, 'scripts', 'lib', 'compile-tree.mjs'), root, temp], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (compiled.status !== 0) {
      rmSync(temp, { recursive: true, force: true });
      const how = compiled.error ? compiled.error.message : (compiled.signal ?? `exit code ${compiled.status}`);
      throw new BuildError(`compiling the sources failed (${how}); see the errors above`);
    }
    try {
      renameSync(temp, buildDir);
      say(`[build] compiled the sources into ${relative(root, buildDir)} in ${Date.now() - startedAt} ms`);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      // Another starter renamed its identical build into place first.
      if (!existsSync(buildDir)) throw error;
    }
  }
  markUsed(buildDir);
  pruneBuilds(buildsDir, buildDir);
  return buildDir;
}

export class BuildError extends Error {}

function markUsed(buildDir) {
  const now = new Date();
  try {
    utimesSync(buildDir, now, now);
  } catch {
    // A read-only checkout still runs; pruning then goes by creation time.
  }
}

/** Keeps the most recently used builds (a process may still be running an older one) and drops the rest. */
function pruneBuilds(buildsDir, current) {
  try {
    const entries = readdirSync(buildsDir).map((name) => {
      const path = join(buildsDir, name);
      return { name, path, usedAt: statSync(path).mtimeMs };
    });
    const builds = entries.filter((entry) => !entry.name.startsWith('.tmp-')).sort((a, b) => b.usedAt - a.usedAt);
    for (const old of builds.slice(BUILDS_KEPT)) {
      if (old.path !== current) rmSync(old.path, { recursive: true, force: true });
    }
    for (const temp of entries.filter((entry) => entry.name.startsWith('.tmp-'))) {
      if (Date.now() - temp.usedAt > ABANDONED_TEMP_MS) rmSync(temp.path, { recursive: true, force: true });
    }
  } catch {
    // Another starter pruning at the same moment; whatever is left goes next time.
  }
}
