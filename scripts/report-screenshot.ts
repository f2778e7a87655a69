/**
 * Makes the README's picture of the HTML report: compares four policies on
 * a bundled scenario, writes docs/report-example.html and a screenshot of
 * its top, docs/report.png, taken in headless Chromium at 1280 px wide.
 *
 *   npx tsx scripts/report-screenshot.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare } from '../src/compare/compare.js';
import { htmlReport } from '../src/report/html-report.js';
import { screenshotTop } from './headless-chromium.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scenario = join(root, 'scenarios', 'edge-inference.yaml');
const policies = ['fifo', 'cheapest', 'nearest', 'cost-latency'];
const seeds = 8;
const htmlPath = join(root, 'docs', 'report-example.html');
const pngPath = join(root, 'docs', 'report.png');
/** The picture ends with the last section that ends within this many pixels of the top. */
const maxHeight = 2400;

const started = Date.now();
const c = compare(scenario, {
  policies,
  seeds,
  onProgress: (done, total) => process.stderr.write(`\rrun ${done}/${total}`),
});
process.stderr.write(`\rcompared ${policies.length} policies over ${seeds} seeds in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
mkdirSync(dirname(htmlPath), { recursive: true });
writeFileSync(htmlPath, htmlReport(c));

await screenshotTop(htmlPath, pngPath, maxHeight);
console.log(`wrote ${htmlPath} and ${pngPath} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
