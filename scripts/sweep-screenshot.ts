/**
 * Makes the README's picture of a sweep report: runs the bundled
 * examples/sweeps/edge-load.yaml (speech load × four policies × 5 seeds),
 * writes docs/sweep-example.html and a screenshot of its top (the header
 * and the first metric charts), docs/sweep.png, in headless Chromium.
 *
 *   npx tsx scripts/sweep-screenshot.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweepReport } from '../src/report/sweep-report.js';
import { summarizeFile } from '../src/sweep/merge.js';
import { runSweep } from '../src/sweep/run-sweep.js';
import { planSweep } from '../src/sweep/sweep-plan.js';
import { screenshotTop } from './headless-chromium.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const htmlPath = join(root, 'docs', 'sweep-example.html');
const pngPath = join(root, 'docs', 'sweep.png');
/** The picture ends with the last section that ends within this many pixels of the top. */
const maxHeight = 1500;

const started = Date.now();
const plan = planSweep(join(root, 'examples', 'sweeps', 'edge-load.yaml'));
const output = join(mkdtempSync(join(tmpdir(), 'manychip-sweep-shot-')), 'edge-load.jsonl');
await runSweep(plan, { output, onProgress: (done, total) => process.stderr.write(`\rrun ${done}/${total}`) });
process.stderr.write(`\rswept ${plan.total} runs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
writeFileSync(htmlPath, sweepReport(summarizeFile(output)));

await screenshotTop(htmlPath, pngPath, maxHeight);
console.log(`wrote ${htmlPath} and ${pngPath} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
