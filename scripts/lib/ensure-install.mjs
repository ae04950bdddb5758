// Runs `npm ci` when dependencies are missing or older than the lockfile. Plain Node: nothing is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDependencies(root, say) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  say(existsSync(marker) ? 'package-lock.json changed: running npm ci' : 'node_modules is missing: running npm ci');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    say('npm ci failed; fix the error above and run the command again');
    process.exit(result.status ?? 1);
  }
}
