// Three projects: `unit` (pure specs beside the code, the bench's included), `integration` (test/: real Postgres, Redis and processes; each
// file owns its own database and Redis key prefix, so files run in parallel) and `faults` (test/fault/).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@libs/(.*)$': '<rootDir>/libs/$1', '^@test/(.*)$': '<rootDir>/test/$1' },
  testEnvironment: 'node',
};
module.exports = {
  // Per-project testTimeout is ignored by Jest 30; unit specs finish in milliseconds anyway.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        // The bench's own logic (percentiles, the open-loop schedule, round-trip counting, per-payout figures).
        '<rootDir>/bench/**/*.spec.ts',
      ],
      setupFilesAfterEnv: ['<rootDir>/test/support/nock-restore.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      // Response validation wraps fetch before nock can load (openapi-responses.setup.ts).
      setupFilesAfterEnv: [
        '<rootDir>/test/support/openapi-responses.setup.ts',
        '<rootDir>/test/support/nock-restore.ts',
      ],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fault/'],
    },
    // Kill -9, restarts and timeouts with hundreds of payouts: `npm run test:faults`, and .ci/run after `npm test`.
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/fault/**/*.spec.ts'] },
  ],
};
