import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The queueing-theory tests simulate millions of jobs; give them room on a slow shared machine.
    testTimeout: 120_000,
    pool: 'forks',
    server: {
      deps: {
        // User policy modules load as the CLI loads them, through Node's own loader and manychip's
        // module hooks, not through vite's transforms (which would accept TypeScript anywhere).
        external: [/[\\/](manychip-policy-[^\\/]+|fixtures[\\/]policies|examples[\\/]policies)[\\/]/],
      },
    },
    // Builds dist/ when a source is newer (tests that run the built CLI); finds Chromium once for the
    // browser tests, and says in one line when they were skipped.
    globalSetup: ['test/global-setup.ts', 'test/helpers/chromium-global-setup.ts'],
    // Every fast-check property draws from one fixed seed unless MANYCHIP_PROPERTY_SEED says otherwise.
    setupFiles: ['test/helpers/property-seed.ts'],
  },
});
