import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

// What the production build compiles (apps/, libs/, migrations/ without specs) must hold no test machinery: no file
// that only tests reach, no import of test/, no fault hook armed by the environment.
const ROOT = resolve(__dirname, '..', '..');
const PRODUCTION_FOLDERS = ['apps', 'libs', 'migrations'];
/** The process entry points and what the typeorm CLI loads. */
const isEntry = (path: string) =>
  /^apps\/[^/]+\/src\/(main|cli)\.ts$/.test(path) ||
  path === 'libs/manifest/data-source.ts' ||
  path.startsWith('migrations/');

const productionSources = (): string[] =>
  PRODUCTION_FOLDERS.flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .map((path) => join(folder, path))
      .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts')),
  ).sort();

const { options } = ts.parseJsonConfigFileContent(
  ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config,
  ts.sys,
  ROOT,
);

/** The repository files `path` imports (statically, or with a literal `import()`/`require()`). */
function importsOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
  return specifiers.flatMap((specifier) => {
    const resolved = ts.resolveModuleName(specifier, join(ROOT, path), options, ts.sys).resolvedModule;
    return resolved && !resolved.isExternalLibraryImport ? [relative(ROOT, resolved.resolvedFileName)] : [];
  });
}

describe('the production sources', () => {
  const sources = productionSources();
  const imports = new Map(sources.map((path) => [path, importsOf(path)]));

  it('import nothing from test/', () => {
    const intoTests = sources.flatMap((path) =>
      imports
        .get(path)!
        .filter((target) => target.startsWith('test/'))
        .map((target) => `${path} -> ${target}`),
    );
    expect(intoTests).toEqual([]);
  });

  it('are each reached from a process entry point, not only from specs and tests', () => {
    const reached = new Set<string>();
    const pending = sources.filter(isEntry);
    for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
      if (reached.has(path)) continue;
      reached.add(path);
      pending.push(...(imports.get(path) ?? []).filter((target) => imports.has(target)));
    }
    expect(sources.filter((path) => !reached.has(path))).toEqual([]);
  });

  it('arm no fault hook from the environment: the test root module binds them (test/support/test-worker)', () => {
    const armed = sources.filter((path) => {
      const text = readFileSync(join(ROOT, path), 'utf8');
      return /\b(NODE_ENV|nodeEnv)\s*[!=]==?\s*'test'|'test'\s*[!=]==?\s*\S*(NODE_ENV|nodeEnv)|DISPATCH_FAULT\b|FAULT_INJECT\b/.test(
        text,
      );
    });
    expect(armed).toEqual([]);
  });
});
