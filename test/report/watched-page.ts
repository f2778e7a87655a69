import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { HeadlessChromium } from '../../scripts/headless-chromium.js';

/** What the pages a browser test opened did that they should not: console errors, dialogs, requests off the file. */
export interface PageTrouble {
  errors: string[];
  dialogs: string[];
  requests: string[];
}

export function pageTrouble(): PageTrouble {
  return { errors: [], dialogs: [], requests: [] };
}

/**
 * Writes `html` to `dir/file` and opens it in the browser, recording into
 * `trouble` every console error, page error, dialog (dismissed) and
 * request for anything but a local file.
 */
export async function openWatched(browser: HeadlessChromium, dir: string, file: string, html: string, trouble: PageTrouble): Promise<Page> {
  const path = join(dir, file);
  writeFileSync(path, html);
  const p = await browser.context.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error') trouble.errors.push(`${file}: ${m.text()}`);
  });
  p.on('pageerror', (e) => trouble.errors.push(`${file}: ${String(e)}`));
  p.on('dialog', (d) => {
    trouble.dialogs.push(`${file}: ${d.message()}`);
    void d.dismiss();
  });
  p.on('request', (r) => {
    if (!r.url().startsWith('file:')) trouble.requests.push(`${file}: ${r.url()}`);
  });
  await p.goto(pathToFileURL(path).href, { waitUntil: 'load', timeout: 30_000 });
  return p;
}
