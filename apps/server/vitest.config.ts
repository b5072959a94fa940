import { configDefaults, defineConfig } from 'vitest/config';

/** Hundreds of simultaneous bcrypt compares load every core for seconds at a time. */
const BURSTS = 'test/hardening/lockout-races.test.ts';

export default defineConfig({
  test: {
    maxWorkers: 2,
    isolate: false,
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...configDefaults.exclude, BURSTS], sequence: { groupOrder: 0 } },
      },
      // Run after everything else, alone: the timing tests and the timing attacks must not share
      // the machine with a burst, or its load shows up as a difference they would report.
      { extends: true, test: { name: 'bursts', include: [BURSTS], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
