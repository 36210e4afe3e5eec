import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests start Chromium; two cores do not want many at once.
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
