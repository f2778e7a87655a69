/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { pathToFileURL } from 'node:url';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: the report's browser test and screenshot script drive it, never a downloaded browser. */
export const chromiumPath = '/usr/bin/chromium';

export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser and removes its throwaway profile. */
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile in a temporary directory and
 * everything that would reach the network at start-up turned off, so it
 * neither stalls nor phones home. Fails, with what to install, when
 * Chromium is missing.
 */
export async function openChromium(viewport = { width: 1280, height: 900 }): Promise<HeadlessChromium> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (apt-get install chromium) to run the HTML report's browser checks`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'manychip-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Screenshots the top of an HTML page 1280 px wide: down to the last
 * header or section that ends within `maxHeight` pixels (so the picture
 * never cuts a chart in half).
 */
export async function screenshotTop(htmlPath: string, pngPath: string, maxHeight: number): Promise<void> {
  const browser = await openChromium({ width: 1280, height: 1000 });
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(htmlPath).href);
    const bottoms = await page.evaluate(() => [...document.querySelectorAll('header, section')].map((e) => Math.ceil(e.getBoundingClientRect().bottom + window.scrollY)));
    const fitting = bottoms.filter((b) => b <= maxHeight);
    const height = (fitting.length > 0 ? Math.max(...fitting) : maxHeight) + 18;
    await page.screenshot({ path: pngPath, fullPage: true, clip: { x: 0, y: 0, width: 1280, height } });
  } finally {
    await browser.close();
  }
}
