import type { TestProject } from 'vitest/node';
import { chromiumHelp, findChromium, noChromiumMessage } from '../../scripts/headless-chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium the browser tests drive; empty when none was found. */
    chromiumPath: string;
  }
}

/**
 * Looks for Chromium once per test run (CHROMIUM_PATH, then chromium,
 * chromium-browser, google-chrome on PATH) and hands the path to the
 * browser tests (`inject('chromiumPath')`). Without one, a local run skips
 * them and, at the end, says so in one loud line; under CI=true they run
 * and fail, saying what to install.
 */
export default function setup(project: TestProject): () => void {
  const found = findChromium();
  project.provide('chromiumPath', found ?? '');
  return () => {
    if (found !== undefined || process.env.CI === 'true') return;
    const ran = project.vitest.state.getFiles().filter((f) => f.filepath.endsWith('.browser.test.ts'));
    if (ran.length === 0) return;
    const why = noChromiumMessage().replace(/: .*$/, '');
    process.stderr.write(`\n*** SKIPPED ${ran.length} browser test file${ran.length === 1 ? '' : 's'} (test/report/*.browser.test.ts): ${why}; to run them, ${chromiumHelp}. Under CI=true this is a failure. ***\n\n`);
  };
}
