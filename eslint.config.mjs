// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import libBoundaries from './scripts/lint/lib-boundaries.mjs';

// Specs, test support and the bench (a measuring harness, like a test) may reach into a lib to test or measure its
// internals (docs/architecture.md, "Lib boundaries").
const testCode = ['**/*.spec.ts', 'test/**', 'bench/**'];

const frameworkImports = [
  '@nestjs/*',
  'typeorm',
  'bullmq',
  'ioredis',
  'class-validator',
  'class-transformer',
  'express',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.local/**',
      'coverage/**',
      '**/fixtures/**',
      'bench/results/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Another lib only through its entry points; no lib barrel in application code; domain sees domain only.
    files: ['**/*.{ts,mjs,js}'],
    ignores: testCode,
    plugins: { 'lib-boundaries': libBoundaries },
    rules: { 'lib-boundaries/entry-points': 'error' },
  },
  {
    // domain/ and application/ stay plain TypeScript: frameworks are wired in from the outside (style.md §2).
    files: ['libs/*/domain/**/*.ts', 'libs/*/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: frameworkImports.map((group) => ({
            group: [group],
            message: 'domain and application code import no framework',
          })),
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'read configuration through platform/config' }],
    },
  },
  {
    // The sandbox is an independent reading of the provider specs: it must not reuse the adapters (style.md §1).
    files: ['libs/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@libs/providers', '@libs/providers/*', '**/providers/**'],
              message: 'the sandbox never imports the adapters',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'scripts/**/*.{ts,mjs,js}',
      'test/**/*.ts',
      'bench/**/*.{ts,mjs}',
      '**/*.spec.ts',
      'apps/*/src/cli/**/*.ts',
      'libs/**/cli/**/*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
