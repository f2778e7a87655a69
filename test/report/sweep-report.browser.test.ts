import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepReport } from '../../src/report/sweep-report.js';
import { openChromium, type HeadlessChromium } from '../../scripts/headless-chromium.js';
import { openWatched, pageTrouble } from './watched-page.js';
import { chromiumPath, skipBrowserTests } from '../helpers/chromium.js';
import { hostileName } from './html-report-fixture.js';
import { categoricalSweepSummary, manyPanelsSummary, spreadSummary, sweepSummary } from './sweep-report-fixture.js';

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.output');
const pngPath = join(outDir, 'sweep-report.png');

/** Per chart: its marks and those that take up room, text overlapping other text, text spilling out of the chart. */
interface ChartCheck {
  name: string;
  marks: number;
  sized: number;
  overlaps: string[];
  spills: string[];
}

// Charts on show only: a metric's log (or linear) copy is hidden until its switch is turned.
const inspect = `[...document.querySelectorAll('svg.chart')].filter((svg) => svg.getClientRects().length > 0).map((svg) => {
  const box = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('.mark')];
  const sized = marks.filter((m) => { const b = m.getBBox(); return b.width > 0 && b.height > 0; }).length;
  const texts = [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
  const overlaps = [];
  texts.forEach((a, i) => {
    for (const b of texts.slice(i + 1)) {
      if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) overlaps.push(a.text + ' / ' + b.text);
    }
  });
  const spills = texts.filter(({ r }) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1).map((t) => t.text);
  return { name: svg.dataset.chart, marks: marks.length, sized, overlaps, spills };
})`;

/**
 * The sweep report in headless Chromium, as the comparison
 * report's browser test runs it: a sweep with a numeric parameter across
 * and a panel per site (policy and site named with markup), one swept over
 * names, and one with more panels than a metric draws. Pages and a
 * screenshot of the first stay in test/.output/.
 */
describe.skipIf(skipBrowserTests)('the sweep report in headless Chromium', { timeout: 60_000 }, () => {
  let browser: HeadlessChromium | undefined;
  let page: Page;
  const checks: ChartCheck[] = [];
  const trouble = pageTrouble();
  const { errors } = trouble;
  const { requests } = trouble;

  async function open(file: string, html: string): Promise<Page> {
    const p = await openWatched(browser as HeadlessChromium, outDir, file, html, trouble);
    checks.push(...(await p.evaluate<ChartCheck[]>(inspect)));
    return p;
  }

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await openChromium({ width: 1280, height: 900 }, chromiumPath);
    page = await open('sweep-report.html', sweepReport(sweepSummary()));
    await open('sweep-report-categorical.html', sweepReport(categoricalSweepSummary()));
    await open('sweep-report-many-panels.html', sweepReport(manyPanelsSummary()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console error, no page error and no request beyond the file', () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows the hostile names as text and has no script element', async () => {
    expect(await page.evaluate<number>('document.scripts.length')).toBe(0);
    expect(await page.evaluate<string>("document.querySelector('h1').textContent")).toBe(hostileName);
    expect(await page.evaluate<string>("document.querySelector('figure:nth-child(2) figcaption').textContent")).toBe(`sites[0].name = ${hostileName}`);
  });

  it('draws marks that take up room in every chart', () => {
    // 12 metrics drawn: 2 panels each, 1 when swept over names, 12 (of 16) with many panels.
    expect(checks).toHaveLength(12 * 2 + 12 + 12 * 12);
    for (const c of checks) {
      expect(c.marks, c.name).toBeGreaterThan(0);
      expect(c.sized, c.name).toBe(c.marks);
    }
  });

  it('keeps every label apart from the others and inside its chart', () => {
    for (const c of checks) {
      expect(c.overlaps, c.name).toEqual([]);
      expect(c.spills, c.name).toEqual([]);
    }
  });

  it('shows the other scale of every metric that offers one when its switch is turned, and those charts draw marks too', async () => {
    const before = (await page.evaluate<ChartCheck[]>(inspect)).map((c) => c.name);
    const offered = await page.evaluate<number>("document.querySelectorAll('input.scale-log').length");
    expect(offered).toBeGreaterThan(0);
    // Each switch's label clicked in the page (as a click on it would), all at once.
    const turn = (to: 'log' | 'linear'): Promise<number> =>
      page.evaluate<number>(`[...document.querySelectorAll('input.scale-${to}:not(:checked)')].map((i) => document.querySelector('label[for="' + i.id + '"]').click()).length`);
    await turn('log');
    const after = await page.evaluate<ChartCheck[]>(inspect);
    expect(after.filter((c) => c.name.endsWith('-log')).length).toBeGreaterThan(0);
    expect(after.length).toBe(before.length);
    for (const c of after) {
      expect(c.marks, c.name).toBeGreaterThan(0);
      expect(c.sized, c.name).toBe(c.marks);
      expect(c.overlaps, c.name).toEqual([]);
      expect(c.spills, c.name).toEqual([]);
    }
    await turn('linear');
    expect((await page.evaluate<ChartCheck[]>(inspect)).map((c) => c.name)).toEqual(before);
  });

  it('opens on a log axis, says so, and keeps the small values apart, when one point is 35× the others', async () => {
    const p = await openWatched(browser as HeadlessChromium, outDir, 'sweep-report-spread.html', sweepReport(spreadSummary([1.1, 2, 35])), trouble);
    // Screen heights of policy a's three points (0.8, 1 and 1.3 s), in the chart on show.
    const spreadOfA = `(() => {
      const svg = [...document.querySelectorAll('svg.chart')].find((s) => s.getClientRects().length > 0);
      const ys = [...svg.querySelectorAll('g.points')[0].querySelectorAll('circle')].map((c) => c.getBoundingClientRect().top);
      return { chart: svg.dataset.chart, spread: Math.max(...ys) - Math.min(...ys) };
    })()`;
    const log = await p.evaluate<{ chart: string; spread: number }>(spreadOfA);
    expect(log.chart).toBe('sweep-jctP95-0-log');
    expect(await p.locator('.log-note').first().isVisible()).toBe(true);
    expect(await p.locator('.log-note').first().textContent()).toContain('more than 20×');
    await p.locator('input.scale-linear + label').click();
    const linear = await p.evaluate<{ chart: string; spread: number }>(spreadOfA);
    expect(linear.chart).toBe('sweep-jctP95-0');
    expect(await p.locator('.log-note').first().isVisible()).toBe(false);
    // On the linear axis 35 s flattens a's 0.8–1.3 s; the log axis gives them room.
    expect(linear.spread).toBeLessThan(5);
    expect(log.spread).toBeGreaterThan(4 * linear.spread);
    expect(log.spread).toBeGreaterThan(15);
  });

  it('saves a full-page screenshot to test/.output/sweep-report.png', async () => {
    await page.screenshot({ path: pngPath, fullPage: true });
    expect(statSync(pngPath).size).toBeGreaterThan(20_000);
  });
});
