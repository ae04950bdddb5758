import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, waitUntil } from '../support/processes';

// `npm run start:<app>` (its pre-script `nest build`, then `node dist/...`) on a small project of its own (this
// package.json, nest-cli.json and tsconfig.json, one app, one lib), so that sources can be changed and broken without
// touching the checkout, and each build takes a fraction of a second.
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
  const root = mkdtempSync(join(tmpdir(), 'start-scripts-'));
  for (const file of ['package.json', 'nest-cli.json', 'tsconfig.json'])
    copyFileSync(join(repo, file), join(root, file));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  write(root, 'libs/greeter/index.ts', GREETER);
  write(root, 'apps/api/src/main.ts', MAIN);
  return root;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmRun(root: string, script: string, env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn('npm', ['run', script], {
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
    await waitUntil(async () => /^\{.*\}$/m.exec(run.stdout())?.[0], 60_000, `the app's first line; ${run.stderr()}`),
  ) as { pid: number; greeting: string; paramTypes: string[] };

describe('npm run start:<app> on a checkout', () => {
  const roots: string[] = [];
  const fresh = () => {
    const root = project();
    roots.push(root);
    return root;
  };
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('builds on start (decorator metadata, @libs paths), and runs the changed sources after a change', async () => {
    const root = fresh();
    const first = npmRun(root, 'start:api', { EXIT_CODE: '0' });
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await appLine(first)).toMatchObject({ greeting: 'hello', paramTypes: ['Dependency'] });

    write(root, 'libs/greeter/index.ts', GREETER.replace("'hello'", "'hi'"));
    const changed = npmRun(root, 'start:api', { EXIT_CODE: '0' });
    expect(await changed.exited).toEqual({ code: 0, signal: null });
    expect((await appLine(changed)).greeting).toBe('hi');
  });

  it("ends with the app's exit code, or with the signal that ended it", async () => {
    const root = fresh();
    expect(await npmRun(root, 'start:api', { EXIT_CODE: '3' }).exited).toEqual({ code: 3, signal: null });

    const killed = npmRun(root, 'start:api');
    process.kill((await appLine(killed)).pid, 'SIGKILL');
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('two starters at once on new sources both run, and each stops on SIGTERM with exit code 0', async () => {
    const root = fresh();
    const runs = [npmRun(root, 'start:api'), npmRun(root, 'start:api')];
    const lines = await Promise.all(runs.map(appLine));
    expect(lines[0].pid).not.toBe(lines[1].pid);
    for (const line of lines) expect(line).toMatchObject({ greeting: 'hello', paramTypes: ['Dependency'] });
    for (const run of runs) run.child.kill('SIGTERM');
    for (const run of runs) expect(await run.exited).toEqual({ code: 0, signal: null });
    for (const run of runs) expect(run.stdout()).toContain('stopping on SIGTERM');
  });

  it('reports a compile error with the file and exits 1 without starting the app', async () => {
    const root = fresh();
    write(root, 'libs/greeter/broken.ts', 'export const = ;\n');
    const run = npmRun(root, 'start:api');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stdout() + run.stderr()).toContain('libs/greeter/broken.ts');
    expect(run.stdout()).not.toMatch(/^\{.*\}$/m);
  });
});

describe('npm run start:sandbox', () => {
  it('runs the compiled sandbox; SIGTERM to npm stops it gracefully with exit code 0', async () => {
    const port = await freePort();
    const run = npmRun(repo, 'start:sandbox', { SANDBOX_PORT: String(port), LOG_LEVEL: 'info' });
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/_sandbox/providers`)).ok, 60_000, 'sandbox');
    const pid = Number(/"pid":(\d+)/.exec(run.stdout())?.[1]);
    expect(pid).not.toBe(run.child.pid);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('"msg":"sandbox stopping"');
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
