import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The queueing-theory tests simulate millions of jobs; give them room on a slow shared machine.
    testTimeout: 120_000,
    pool: 'forks',
    // Finds Chromium once for the browser tests, and says in one line when they were skipped.
    globalSetup: ['test/helpers/chromium-global-setup.ts'],
  },
});
