// Jest runs in native ESM mode because NestJS 12 ships ESM only (docs/adr/0001-nestjs-12-and-jest-esm.md).
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // @fastify/static (CommonJS) requires an ESM-only content-disposition, which Node loads but Jest's
    // module registry cannot: give it the CommonJS one with the same API (only the tests see this).
    '^content-disposition$': '<rootDir>/node_modules/content-disposition/dist/index.js',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }] },
};

export default {
  // Integration and e2e tests talk to a real database; a slow shared CI machine needs room.
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/setup/choose-test-database.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/src/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Issue 10's suites (test/reliability/): a CI profile in `npm test`, the full one in `npm run test:reliability`.
    { ...shared, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'] },
  ],
};
