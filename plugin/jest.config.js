// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  displayName: 'plugin',
  rootDir: __dirname,
  // Component tests beside the code (jsdom); browser tests in tests/e2e declare `@jest-environment node`.
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // jest 30 (shared with the root) resolves some of Grafana's ESM-only dependencies to .mjs files; compile those too.
  transform: { ...base.transform, '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'] },
  testTimeout: 240_000,
  // Records each test's duration and timeout for the slowest-tests list at the end of `npm test`.
  setupFilesAfterEnv: [...base.setupFilesAfterEnv, require.resolve('../scripts/jest-timing.cjs')],
};
