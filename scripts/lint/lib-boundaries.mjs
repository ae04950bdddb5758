// ESLint rule `lib-boundaries/entry-points`: code outside a lib reaches it only through its entry points
// (docs/architecture.md, "Lib boundaries"). Each area of libs/platform counts as a lib of its own.
//   everywhere          @libs/<lib>, @libs/<lib>/domain, @libs/<lib>/application, @libs/providers/contract,
//                       @libs/platform/<area>; a relative import never leaves its lib
//   libs/*/application  no lib barrel (@libs/<lib>): barrels re-export Nest modules and entities, which the
//                       framework rule on application code cannot see through
//   libs/*/domain       only @libs/<lib>/domain and the pure platform areas
// Specs and test support are exempt (eslint.config.mjs): a test may reach into a lib to test its internals.
import { dirname, relative, resolve, sep } from 'node:path';

const ENTRY_POINT =
  /^@libs\/(?:platform\/[a-z-]+|(?!platform$)[a-z-]+|[a-z-]+\/(?:domain|application)|providers\/contract)$/;
const APPLICATION_ENTRY_POINT = /^@libs\/(?:platform\/[a-z-]+|[a-z-]+\/(?:domain|application)|providers\/contract)$/;
const PURE_PLATFORM_AREAS = ['errors', 'json', 'text', 'time'];
const DOMAIN_ENTRY_POINT = new RegExp(
  `^@libs/(?:(?!platform/)[a-z-]+/domain|platform/(?:${PURE_PLATFORM_AREAS.join('|')}))$`,
);

/** `libs/payouts/domain/money.ts` -> `payouts`; `libs/platform/json/x.ts` -> `platform/json`; else undefined. */
export const libOf = (path) => /^libs\/(platform\/[^/]+|[^/]+)(?:\/|$)/.exec(path)?.[1];

const layerOf = (path) => /^libs\/(?!platform\/)[^/]+\/(domain|application)\//.exec(path)?.[1];

const entryPoints = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another lib only through its entry points, and never around them.' },
    schema: [],
    messages: {
      deep: "'{{source}}' reaches inside {{lib}}: import it from an entry point (@libs/{{lib}}, or a framework-free one: docs/architecture.md)",
      relative: "'{{source}}' leaves {{own}} for {{lib}}: import {{lib}} through @libs/{{lib}}",
      applicationBarrel:
        "'{{source}}' in application code: use @libs/<lib>/domain, @libs/<lib>/application or @libs/providers/contract (a lib's barrel carries its Nest modules and entities)",
      domain: "'{{source}}' in domain code: domain imports only @libs/<lib>/domain and platform's {{pure}}",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    const own = libOf(file);
    const layer = layerOf(file);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source.startsWith('@libs/')) {
        const lib = libOf(`libs/${source.slice('@libs/'.length)}`);
        if (lib === own) return;
        if (layer === 'domain' && !DOMAIN_ENTRY_POINT.test(source))
          return context.report({ node, messageId: 'domain', data: { source, pure: PURE_PLATFORM_AREAS.join(', ') } });
        if (layer === 'application' && !APPLICATION_ENTRY_POINT.test(source))
          return context.report({
            node,
            messageId: ENTRY_POINT.test(source) ? 'applicationBarrel' : 'deep',
            data: { source, lib },
          });
        if (!ENTRY_POINT.test(source)) context.report({ node, messageId: 'deep', data: { source, lib } });
        return;
      }
      if (source.startsWith('.')) {
        const target = relative(root, resolve(dirname(context.filename), source))
          .split(sep)
          .join('/');
        const lib = libOf(target);
        if (lib !== undefined && lib !== own)
          context.report({ node, messageId: 'relative', data: { source, lib, own: own ?? file } });
      }
    };
    const fromSource = (node) => check(node.source ?? node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: (node) => node.source && fromSource(node),
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const literal = node.argument?.literal ?? node.argument;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isJestModule =
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'jest' &&
          ['mock', 'doMock', 'requireActual'].includes(callee.property.name);
        const [first] = node.arguments;
        if ((isRequire || isJestModule) && first?.type === 'Literal') check(first, first.value);
      },
    };
  },
};

export default { rules: { 'entry-points': entryPoints } };
