import { configDefaults, defineConfig } from 'vitest/config';

/** Hundreds of simultaneous bcrypt compares load every core for seconds at a time. */
const BURSTS = 'test/hardening/lockout-races.test.ts';
/**
 * Every check and every attack against every stage, the timing comparisons among them: they
 * must not share the machine with the rest of the suite, whose load (and their own bursts of
 * concurrent logins) would show up as differences they report.
 */
const TIMING = ['test/profiles.test.ts', 'test/attacks.test.ts'];

export default defineConfig({
  test: {
    maxWorkers: 2,
    isolate: false,
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...configDefaults.exclude, BURSTS, ...TIMING], sequence: { groupOrder: 0 } },
      },
      // After the rest, one file at a time.
      { extends: true, test: { name: 'timing', include: TIMING, fileParallelism: false, sequence: { groupOrder: 1 } } },
      // Last, alone: the timing tests and the timing attacks must not share the machine with a
      // burst, or its load shows up as a difference they would report.
      { extends: true, test: { name: 'bursts', include: [BURSTS], fileParallelism: false, sequence: { groupOrder: 2 } } },
    ],
  },
});
