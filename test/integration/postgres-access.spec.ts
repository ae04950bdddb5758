import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/processes';

// As root, embedded PostgreSQL runs as a `postgres` user, which could not reach a data folder (or binaries) below a
// private folder: a clone made in `mktemp -d` failed with "spawn …/initdb EACCES". scripts/lib/postgres-access.mjs
// opens the way (o+x on the folders above) and says so.
describe('embedded PostgreSQL below a private folder', () => {
  const privateRoot = mkdtempSync(join(tmpdir(), 'private-clone-'));
  afterAll(() => rmSync(privateRoot, { recursive: true, force: true }));

  const grant = (path: string): string[] => {
    const script =
      "import { grantPassThrough } from './scripts/lib/postgres-access.mjs'; " +
      'console.log(JSON.stringify(grantPassThrough([process.argv[1]])));';
    const result = spawnSync('node', ['--input-type=module', '-e', script, path], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout) as string[];
  };

  it('adds only the search bit for others, only where it is missing', () => {
    const outer = join(privateRoot, 'outer');
    const inner = join(outer, 'inner');
    mkdirSync(inner, { recursive: true });
    chmodSync(privateRoot, 0o700);
    chmodSync(outer, 0o750);
    chmodSync(inner, 0o755);
    expect(grant(join(inner, 'data'))).toEqual([outer, privateRoot]);
    expect(statSync(privateRoot).mode & 0o777).toBe(0o701);
    expect(statSync(outer).mode & 0o777).toBe(0o751);
    expect(statSync(inner).mode & 0o777).toBe(0o755);
    expect(grant(join(inner, 'data'))).toEqual([]);
  });

  it('starts a server whose data folder is below a 0700 folder', async () => {
    const hidden = join(privateRoot, 'hidden');
    mkdirSync(hidden, { mode: 0o700 });
    chmodSync(hidden, 0o700);
    const child = spawn('node', ['test/support/postgres-server.mjs', join(hidden, 'data'), String(await freePort())], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(true));
      child.once('exit', () => resolve(false));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect({ ready, output: ready ? '' : output }).toEqual({ ready: true, output: '' });
    expect(statSync(hidden).mode & 0o777).toBe(0o701);
  }, 120_000);
});
