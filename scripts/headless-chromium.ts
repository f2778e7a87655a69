/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { pathToFileURL } from 'node:url';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The names looked for on PATH, in this order (Debian's, Ubuntu's older one, Google's). */
export const chromiumNames = ['chromium', 'chromium-browser', 'google-chrome'] as const;

/** How to get a browser, for messages: the tests and scripts drive an installed one, never a downloaded one. */
export const chromiumHelp = 'install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium to drive: `CHROMIUM_PATH` when it is set (and then only it:
 * a path the user gave that is not an executable file finds nothing, rather
 * than quietly another browser), else the first of `chromiumNames` found as
 * an executable file in a PATH directory, name by name.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.CHROMIUM_PATH;
  if (given !== undefined && given !== '') return isExecutableFile(given) ? given : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of chromiumNames) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Why no Chromium was found, and what to do. */
export function noChromiumMessage(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.CHROMIUM_PATH;
  const looked = given !== undefined && given !== '' ? `CHROMIUM_PATH=${given} is not an executable file` : `none of ${chromiumNames.join(', ')} is on PATH and CHROMIUM_PATH is not set`;
  return `no Chromium found (${looked}): ${chromiumHelp}`;
}

export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser and removes its throwaway profile. */
  close(): Promise<void>;
}

/**
 * Headless Chromium (`executable`, by default the one `findChromium`
 * finds) with a fresh profile in a temporary directory and everything that
 * would reach the network at start-up turned off, so it neither stalls nor
 * phones home. Fails, saying what to install, when there is none.
 */
export async function openChromium(viewport = { width: 1280, height: 900 }, executable = findChromium()): Promise<HeadlessChromium> {
  if (executable === undefined || executable === '') throw new Error(noChromiumMessage());
  const profile = mkdtempSync(join(tmpdir(), 'manychip-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable,
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
