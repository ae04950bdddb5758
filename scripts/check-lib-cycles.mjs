#!/usr/bin/env node
// No cycles between libs (docs/architecture.md, "Lib boundaries"). dependency-cruiser reads the imports (with the
// tsconfig paths, type-only imports included); this collapses them to libs, where each area of libs/platform counts
// as a lib of its own, and fails on any strongly connected group of libs, naming the files behind each edge.
// Module-level cycle rules (import-x/no-cycle, depcruise's `circular`) miss a cycle whose edges leave from different
// files, which is the usual shape of one between libs.
// `--mermaid` prints the lib graph instead, for docs/architecture.md.
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
// Specs and test support may reach anywhere (docs/architecture.md): they are not edges of the production graph.
const TEST_CODE = '\\.spec\\.ts$';
const libOf = (path) => /^libs\/(platform\/[^/]+|[^/]+)\//.exec(path)?.[1];

const { output } = await cruise(
  ['libs'],
  {
    includeOnly: '^libs/',
    exclude: { path: TEST_CODE },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
  { extensions: ['.ts', '.js', '.json'] },
  { tsConfig: extractTSConfig('tsconfig.json') },
);

/** lib -> lib -> the first few `file -> file` imports that make the edge. */
const edges = new Map();
for (const module of output.modules) {
  const from = libOf(module.source);
  for (const dependency of module.dependencies) {
    const to = libOf(dependency.resolved);
    if (!from || !to || from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const files = edges.get(from).get(to) ?? [];
    files.push(`${module.source} -> ${dependency.resolved}`);
    edges.get(from).set(to, files);
  }
}
const libs = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((tos) => [...tos.keys()])])].sort();

if (process.argv.includes('--mermaid')) {
  console.log('graph LR');
  for (const from of libs)
    for (const to of [...(edges.get(from)?.keys() ?? [])].sort()) console.log(`  ${from} --> ${to}`);
  process.exit(0);
}

// Tarjan's strongly connected components: every group of two or more libs is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const groups = [];
const visit = (lib) => {
  index.set(lib, counter);
  low.set(lib, counter++);
  stack.push(lib);
  onStack.add(lib);
  for (const next of edges.get(lib)?.keys() ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(lib, Math.min(low.get(lib), low.get(next)));
    } else if (onStack.has(next)) low.set(lib, Math.min(low.get(lib), index.get(next)));
  }
  if (low.get(lib) !== index.get(lib)) return;
  const group = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    group.push(member);
  } while (member !== lib);
  if (group.length > 1) groups.push(group.sort());
};
for (const lib of libs) if (!index.has(lib)) visit(lib);

if (groups.length === 0) {
  console.log(`no cycles between libs (${libs.length} libs, ${output.summary.totalCruised} modules)`);
  process.exit(0);
}
for (const group of groups) {
  console.error(`cycle between libs: ${group.join(', ')}`);
  for (const from of group)
    for (const to of group) {
      const files = edges.get(from)?.get(to);
      if (files) console.error(`  ${from} -> ${to}\n    ${files.slice(0, 5).join('\n    ')}`);
    }
}
process.exit(1);
