import { defineConfig } from 'vitest/config';

// The exercise suites (challenge/, mini-project/) run through `npm run challenge` and
// `npm run mini-project`, against starter or solution; here we test the content and the
// exercises' own pass/fail directions.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'exercises/**/*.test.ts'],
    testTimeout: 120_000,
    isolate: false,
  },
});
