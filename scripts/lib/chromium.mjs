// Chromium for the /ops browser test (test/browser/): Debian's package, driven by playwright-core, so nothing is
// downloaded from a browser CDN. Installed with apt-get when we are root and it is missing, as redis-server is.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const run = (command, args, env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', env });
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });

/** Resolves true when Chromium is there (already, or after installing it); says why not otherwise. */
export async function provideChromium(say) {
  if (existsSync(CHROMIUM_PATH)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!isRoot || !hasApt) {
    say(`chromium: not at ${CHROMIUM_PATH} and cannot install it here; the /ops browser test will fail until`);
    say("chromium: Debian's chromium package is installed (e.g. `sudo apt-get install -y chromium`)");
    return false;
  }
  say('chromium: not installed; installing Debian package chromium with apt-get (the /ops browser test needs it)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], env);
  const code = await run('apt-get', ['install', '-y', '-qq', 'chromium'], env);
  const ok = code === 0 && existsSync(CHROMIUM_PATH);
  say(ok ? 'chromium: installed' : `chromium: apt-get install chromium failed (exit ${code})`);
  return ok;
}
