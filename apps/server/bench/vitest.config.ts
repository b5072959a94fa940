import { defineConfig } from 'vitest/config';

// The bench's smoke run keeps `npm run bench` working; CI runs it as its own step
// (`npm run bench:smoke`), so the load it puts on the machine stays out of `npm test`.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
  },
});
