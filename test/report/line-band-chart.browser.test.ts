import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportStyle } from '../../src/report/html/style.js';
import { lineBandChart } from '../../src/report/svg/line-band-chart.js';
import { standaloneSvg } from '../../src/report/svg/standalone-svg.js';
import { openChromium, type HeadlessChromium } from '../../scripts/headless-chromium.js';
import { openWatched, pageTrouble } from './watched-page.js';
import { chromiumPath, skipBrowserTests } from '../helpers/chromium.js';
import { hostileName } from './html-report-fixture.js';
import { fgdLikeOptions, fgdLikeSeries, sweepSeries } from './line-band-fixture.js';

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.output');

/** The charts to look at: the FGD figure whole and zoomed, a sweep with a gap, and long hostile names that wrap the legend. */
function charts(): string[] {
  const long = fgdLikeSeries().map((s, i) => ({ ...s, name: i === 0 ? hostileName : `${s.name}-with-a-rather-longer-name-${i}` }));
  return [
    lineBandChart(fgdLikeSeries(), fgdLikeOptions()),
    lineBandChart(fgdLikeSeries(), fgdLikeOptions({ name: 'fgd-zoomed', x: { quantity: 'arrived GPU workload', unit: { name: '%' }, domain: [75, 130] }, y: { quantity: 'GPU allocation ratio', unit: { name: '%' }, domain: [75, 100] } })),
    lineBandChart(sweepSeries(), { name: 'sweep', title: 'p95 JCT against arrival rate', x: { quantity: 'arrival rate', unit: { name: 'jobs/s' } }, y: { quantity: 'p95 JCT', unit: 's' }, bandName: '95% CI', width: 480, height: 300 }),
    lineBandChart(long, fgdLikeOptions({ name: 'long-names', width: 520 })),
  ];
}

/** Per chart: text that overlaps other text or leaves the chart, and series lines that draw nothing. */
interface Layout {
  name: string;
  overlaps: string[];
  spills: string[];
  lines: number;
  sizedLines: number;
  /** Each text's box relative to the chart's corner, to compare the two renderings. */
  boxes: string[];
}

const inspect = `[...document.querySelectorAll('svg.chart')].map((svg) => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
  const overlaps = [];
  texts.forEach((a, i) => {
    for (const b of texts.slice(i + 1)) {
      if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) overlaps.push(a.text + ' / ' + b.text);
    }
  });
  const spills = texts.filter(({ r }) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1).map((t) => t.text);
  const lines = [...svg.querySelectorAll('path.line')];
  const sizedLines = lines.filter((p) => { const b = p.getBBox(); return b.width > 0 && b.height > 0; }).length;
  const boxes = texts.map(({ text, r }) => text + '@' + Math.round(r.left - box.left) + ',' + Math.round(r.top - box.top) + ',' + Math.round(r.width));
  return { name: svg.dataset.chart, overlaps, spills, lines: lines.length, sizedLines, boxes };
})`;

/**
 * The line-and-band chart in headless Chromium, as the report's
 * browser test runs it (skipped locally, failing under CI, when Chromium is
 * missing): in a page with the report's stylesheet, and each chart as a
 * standalone .svg file, which must lay out the same without it.
 */
describe.skipIf(skipBrowserTests)('the line-and-band chart in headless Chromium', { timeout: 60_000 }, () => {
  let browser: HeadlessChromium | undefined;
  let inPage: Layout[] = [];
  let alone: Layout[] = [];
  const trouble = pageTrouble();
  const { errors } = trouble;

  async function open(file: string, content: string): Promise<Page> {
    return openWatched(browser as HeadlessChromium, outDir, file, content, trouble);
  }

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await openChromium({ width: 1280, height: 900 }, chromiumPath);
    const svgs = charts();
    // Charts at their own size (not stretched to the column), so both renderings share one scale.
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>line-band charts</title><style>${reportStyle} svg.chart { width: auto; }</style></head><body><main>${svgs.join('')}</main></body></html>`;
    const page = await open('line-band-charts.html', html);
    inPage = await page.evaluate<Layout[]>(inspect);
    for (const [i, svg] of svgs.entries()) {
      const p = await open(`line-band-chart-${i}.svg`, standaloneSvg(svg));
      alone.push(...(await p.evaluate<Layout[]>(inspect)));
      if (i === 0) await p.locator('svg').screenshot({ path: join(outDir, 'line-band-chart.png') });
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads the page and every standalone file without an error', () => {
    expect(errors).toEqual([]);
    expect(inPage).toHaveLength(4);
    expect(alone).toHaveLength(4);
  });

  it('draws a line that takes up room for every series', () => {
    expect(inPage.map((c) => [c.name, c.lines, c.sizedLines])).toEqual([
      ['fgd-allocation', 5, 5],
      ['fgd-zoomed', 5, 5],
      ['sweep', 3, 3],
      ['long-names', 5, 5],
    ]);
  });

  it('keeps every label apart from the others and inside its chart', () => {
    for (const c of [...inPage, ...alone]) {
      expect(c.overlaps, c.name).toEqual([]);
      expect(c.spills, c.name).toEqual([]);
    }
  });

  it('lays out a standalone file as the report does', () => {
    expect(alone.map((c) => c.boxes)).toEqual(inPage.map((c) => c.boxes));
    expect(statSync(join(outDir, 'line-band-chart.png')).size).toBeGreaterThan(10_000);
  });
});
