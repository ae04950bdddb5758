import { ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, waitUntil } from '../support/processes';

// scripts/run-app.mjs on a small project of its own (a copy of the scripts, tsconfig.json, one app, one lib), so that
// sources can be changed and broken without touching the checkout, and each build takes a fraction of a second.
const repo = resolve(__dirname, '..', '..');

const GREETER = `import 'reflect-metadata';
const Injectable = (): ClassDecorator => () => undefined;
export class Dependency {}
@Injectable()
export class Greeter {
  constructor(readonly dependency: Dependency) {}
}
export const greeting = 'hello';
`;

const MAIN = `import { greeting, Greeter } from '@libs/greeter';
const paramTypes = (Reflect.getMetadata('design:paramtypes', Greeter) ?? []) as Array<{ name: string }>;
process.stdout.write(JSON.stringify({ pid: process.pid, greeting, paramTypes: paramTypes.map((t) => t.name) }) + '\\n');
if (process.env.EXIT_CODE) process.exit(Number(process.env.EXIT_CODE));
const stop = (signal: string) => {
  process.stdout.write(\`stopping on \${signal}\\n\`);
  setTimeout(() => process.exit(0), 50);
};
process.on('SIGTERM', stop);
setInterval(() => undefined, 1_000);
`;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'run-app-'));
  for (const file of [
    'scripts/run-app.mjs',
    'scripts/lib/app-build.mjs',
    'scripts/lib/compile-tree.mjs',
    'tsconfig.json',
  ]) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(join(repo, file), join(root, file));
  }
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  write(root, 'libs/greeter/index.ts', GREETER);
  write(root, 'apps/api/src/main.ts', MAIN);
  return root;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

const builds = (root: string) =>
  existsSync(join(root, '.local', 'build')) ? readdirSync(join(root, '.local', 'build')).sort() : [];

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runner(root: string, args: string[], env: NodeJS.ProcessEnv = {}, command = 'node'): Run {
  const child = spawn(command, command === 'node' ? ['scripts/run-app.mjs', ...args] : args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const appLine = async (run: Run) =>
  JSON.parse(
    await waitUntil(async () => /^\{.*\}$/m.exec(run.stdout())?.[0], 30_000, `the app's first line; ${run.stderr()}`),
  ) as { pid: number; greeting: string; paramTypes: string[] };

describe('scripts/run-app.mjs', () => {
  const roots: string[] = [];
  const fresh = () => {
    const root = project();
    roots.push(root);
    return root;
  };
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('compiles on first start (decorator metadata, @libs paths), reuses the build, and rebuilds when a source changes', async () => {
    const root = fresh();
    const first = runner(root, ['api'], { EXIT_CODE: '0' });
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await appLine(first)).toMatchObject({ greeting: 'hello', paramTypes: ['Dependency'] });
    const [hash] = builds(root);
    expect(first.stderr()).toContain(`[build] compiled the sources into .local/build/${hash}`);

    const again = runner(root, ['--print-entry', 'api']);
    expect(await again.exited).toEqual({ code: 0, signal: null });
    expect(again.stdout().trim()).toBe(join(root, '.local', 'build', hash, 'apps', 'api', 'src', 'main.js'));
    expect(again.stderr()).toBe('');

    write(root, 'libs/greeter/index.ts', GREETER.replace("'hello'", "'hi'"));
    const changed = runner(root, ['api'], { EXIT_CODE: '0' });
    expect(await changed.exited).toEqual({ code: 0, signal: null });
    expect((await appLine(changed)).greeting).toBe('hi');
    expect(builds(root)).toHaveLength(2);
    expect(builds(root)).toContain(hash);
  });

  it("ends with the app's exit code, or re-raises the signal that ended it", async () => {
    const root = fresh();
    expect(await runner(root, ['api'], { EXIT_CODE: '3' }).exited).toEqual({ code: 3, signal: null });

    const killed = runner(root, ['api']);
    process.kill((await appLine(killed)).pid, 'SIGKILL');
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('forwards SIGTERM to the app, which shuts down itself; the runner then exits 0', async () => {
    const root = fresh();
    const run = runner(root, ['api']);
    await appLine(run);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('stopping on SIGTERM');
  });

  it('two starters at once on new sources make one build, and both apps run', async () => {
    const root = fresh();
    const runs = [runner(root, ['api']), runner(root, ['api'])];
    const lines = await Promise.all(runs.map(appLine));
    expect(lines[0].pid).not.toBe(lines[1].pid);
    expect(builds(root)).toHaveLength(1);
    for (const run of runs) run.child.kill('SIGTERM');
    for (const run of runs) expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('reports a compile error with the file and exits 1 without starting the app or leaving a build', async () => {
    const root = fresh();
    write(root, 'libs/greeter/broken.ts', 'export const = ;\n');
    const run = runner(root, ['api']);
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain('[build] libs/greeter/broken.ts:');
    expect(run.stderr()).toContain('[build] 1 of 3 file(s) failed to compile');
    expect(run.stdout()).toBe('');
    expect(builds(root)).toEqual([]);
  });

  it('keeps the three most recently used builds', async () => {
    const root = fresh();
    for (const version of ['1', '2', '3', '4']) {
      write(root, 'libs/greeter/index.ts', GREETER.replace("'hello'", `'hello ${version}'`));
      expect((await runner(root, ['--build']).exited).code).toBe(0);
    }
    expect(builds(root)).toHaveLength(3);
  });
});

describe('npm run start:sandbox', () => {
  it('runs the compiled sandbox; SIGTERM to npm stops it gracefully with exit code 0', async () => {
    const port = await freePort();
    const run = runner(repo, ['run', 'start:sandbox'], { SANDBOX_PORT: String(port), LOG_LEVEL: 'info' }, 'npm');
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/_sandbox/providers`)).ok, 60_000, 'sandbox');
    const pid = Number(/"pid":(\d+)/.exec(run.stdout())?.[1]);
    expect(pid).not.toBe(run.child.pid);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('"msg":"sandbox stopping"');
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
