import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The queueing-theory tests simulate millions of jobs; give them room on a slow shared machine.
    testTimeout: 120_000,
    pool: 'forks',
  },
});
