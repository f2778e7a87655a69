import { inject } from 'vitest';

/** The Chromium the global setup found (test/helpers/chromium-global-setup.ts); empty when there is none. */
export const chromiumPath: string = inject('chromiumPath');

/**
 * Whether the browser tests skip: only on a machine without Chromium and
 * outside CI. Under CI=true they run, and opening the browser fails with
 * what to install.
 */
export const skipBrowserTests: boolean = chromiumPath === '' && process.env.CI !== 'true';
