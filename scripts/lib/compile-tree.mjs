// `node scripts/lib/compile-tree.mjs <root> <outDir>`: compiles the sources the apps load (see app-build.mjs) to
// CommonJS in outDir, mirroring the tree. Run as a short-lived child so that no app process carries the compiler.
import { transformFile } from '@swc/core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compiledSources } from './app-build.mjs';

const [root, outDir] = process.argv.slice(2);
if (!root || !outDir) {
  process.stderr.write('usage: node scripts/lib/compile-tree.mjs <root> <outDir>\n');
  process.exit(2);
}

// The same emit as tsc would give from tsconfig.json; NestJS dependency injection needs the decorator metadata.
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const swcOptions = {
  swcrc: false,
  configFile: false,
  sourceMaps: true,
  inlineSourcesContent: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: Boolean(compilerOptions.experimentalDecorators) },
    target: compilerOptions.target.toLowerCase(),
    transform: {
      legacyDecorator: Boolean(compilerOptions.experimentalDecorators),
      decoratorMetadata: Boolean(compilerOptions.emitDecoratorMetadata),
      useDefineForClassFields: Boolean(compilerOptions.useDefineForClassFields),
    },
    // Nest names providers and log contexts after classes.
    keepClassNames: true,
    baseUrl: join(root, compilerOptions.baseUrl ?? '.'),
    paths: compilerOptions.paths ?? {},
  },
  module: { type: 'commonjs', strictMode: true, noInterop: !compilerOptions.esModuleInterop },
};

const failures = [];
async function compile(path) {
  try {
    const output = await transformFile(join(root, path), { ...swcOptions, filename: join(root, path) });
    const target = join(outDir, path.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    const map = JSON.parse(output.map);
    // Relative to the .js file, so that stack traces name the sources in the checkout.
    map.sources = [join('../'.repeat(path.split('/').length - 1 + 3), path)];
    writeFileSync(`${target}.map`, JSON.stringify(map));
    writeFileSync(target, `${output.code}\n//# sourceMappingURL=${basename(target)}.map\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The code frame says it all; the compiler's own Rust backtrace (with RUST_BACKTRACE set) only buries it.
    failures.push({ path, message: message.split('\nStack backtrace:')[0].trimEnd() });
  }
}

const files = compiledSources(root);
const queue = [...files];
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let path = queue.shift(); path; path = queue.shift()) await compile(path);
  }),
);
if (failures.length > 0) {
  for (const { path, message } of failures) process.stderr.write(`[build] ${path}:\n${message}\n`);
  process.stderr.write(`[build] ${failures.length} of ${files.length} file(s) failed to compile\n`);
  process.exit(1);
}
