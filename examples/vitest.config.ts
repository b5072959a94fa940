import { defineConfig } from 'vitest/config';

// Each file starts real Python processes and waits for bcrypt at cost 10: slower than a unit test.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
