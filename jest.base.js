const path = require('node:path');

// Shared by every node-side jest project: TypeScript via swc (fast, no type check — `npm run typecheck` does that).
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Tests run the library's sources, not its last build (the packed-tarball test covers dist/).
  moduleNameMapper: {
    '^@redis-lens/instrument$': path.join(__dirname, 'instrument/src/index.ts'),
    '^@redis-lens/instrument/(.*)$': path.join(__dirname, 'instrument/src/$1.ts'),
  },
  // Real servers start in these tests; a timeout names the slow step via waitFor's message.
  testTimeout: 120_000,
  // Records each test's duration and timeout for the slowest-tests list at the end of `npm test`.
  setupFilesAfterEnv: [path.join(__dirname, 'scripts/jest-timing.cjs')],
};
