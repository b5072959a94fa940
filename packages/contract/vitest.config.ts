import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // No test here changes module state, so files share one module graph per worker: most of
    // a file's time was spent importing the same modules again.
    isolate: false,
  },
});
