import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/** Parts of a path that mark test code: specs, test support, the provider conformance kits. */
const FORBIDDEN_PATH_PARTS = ['/test/', '.spec.', '.testing.', 'spec-support', 'conformance', '/testing/'];
/**
 * Text of the fault-injection hooks: their log line, their module, their environment switches and the worker's
 * self-kill. (The no-op ports the production modules bind, DISPATCH_FAULTS and OUTBOX_FAULTS, are not hooks.)
 */
const FORBIDDEN_CODE_MARKERS = [
  /fault injection/,
  /fault-points/,
  /\bFAULT_INJECT\b/,
  /\bDISPATCH_FAULT\b/,
  /'SIGKILL'/,
];

const repo = resolve(__dirname, '..', '..');
const APPS = ['api', 'worker', 'sandbox'];

// The build the Docker image runs (`npm run build`: nest build with nest-cli.json), into a fresh folder: a checkout's
// dist/ may still hold files whose sources were moved or deleted since.
describe('the production build', () => {
  let scratch: string;
  let outDir: string;
  let files: string[];
  const compiled = () => files.filter((file) => file.endsWith('.js'));
  const text = (file: string) => readFileSync(join(outDir, file), 'utf8');

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'production-build-'));
    outDir = join(scratch, 'dist');
    const config = JSON.parse(readFileSync(join(repo, 'nest-cli.json'), 'utf8'));
    config.compilerOptions.builder.options.outDir = outDir;
    const configPath = join(scratch, 'nest-cli.json');
    writeFileSync(configPath, JSON.stringify(config));
    // The Nest CLI reads --config relative to the working directory.
    execFileSync(join(repo, 'node_modules', '.bin', 'nest'), ['build', '--config', relative(repo, configPath)], {
      cwd: repo,
      stdio: 'pipe',
    });
    files = readdirSync(outDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(outDir, join(entry.parentPath, entry.name)))
      .sort();
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds the three apps and the migrations', () => {
    for (const app of APPS) expect(files).toContain(`apps/${app}/src/main.js`);
    expect(files).toContain('libs/manifest/data-source.js');
    expect(files).toContain('migrations/index.js');
  });

  it('holds no test code', () => {
    const testFiles = files.filter((file) => FORBIDDEN_PATH_PARTS.some((part) => `/${file}`.includes(part)));
    expect(testFiles).toEqual([]);
  });

  it('holds no fault-injection code', () => {
    const found = compiled().flatMap((file) =>
      FORBIDDEN_CODE_MARKERS.filter((marker) => marker.test(text(file))).map((marker) => `${file}: ${marker.source}`),
    );
    expect(found).toEqual([]);
  });

  it('finds every file it requires in itself (nothing it needs was left out of the build)', () => {
    const present = new Set(files);
    const missing = compiled().flatMap((file) =>
      [...text(file).matchAll(/\brequire\("(\.{1,2}\/[^"]*)"\)/g)]
        .map(([, specifier]) => join(dirname(file), specifier))
        .filter((target) => ![target, `${target}.js`, join(target, 'index.js')].some((path) => present.has(path)))
        .map((target) => `${file}: ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('loads only production dependencies, so `npm ci --omit=dev` is enough to run it', () => {
    const { dependencies } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules);
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    const outside = compiled().flatMap((file) =>
      [...text(file).matchAll(/\brequire\("([^".][^"]*)"\)/g)]
        .map(([, specifier]) => specifier)
        .filter((specifier) => !specifier.startsWith('node:') && !builtins.has(packageOf(specifier)))
        .filter((specifier) => !(packageOf(specifier) in dependencies))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('the Docker image', () => {
  // The last stage is what ships; the stages before it only build.
  const runtimeStage =
    readFileSync(join(repo, 'Dockerfile'), 'utf8')
      .split(/^FROM /m)
      .at(-1) ?? '';

  it('ships production dependencies and the compiled output only', () => {
    expect(runtimeStage).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtimeStage).toMatch(/^COPY --from=\S+ \/app\/dist \.\/dist$/m);
    expect(runtimeStage).not.toMatch(/^COPY \. /m);
    expect(runtimeStage).not.toMatch(/^RUN npm (ci|install)(?!.*--omit=dev)/m);
  });
});
