/**
 * `npm run bench`: the gated benchmark suites, printed as a table and
 * written to bench/results.json for CI tools.
 *
 *   npm run bench             3 passes of at least 30 rounds (about three minutes)
 *   npm run bench -- --quick  3 passes of at least 8 rounds, the same samples (about a minute)
 *
 * Suites: the engine on M/M/1, M/M/16 and M/M/256 (manychip's `Engine`,
 * and the whole `Simulation`, against a bare hand-written heap loop on the
 * same model); the event queue alone on the hold model; end to end (parse,
 * simulate, summarise: M/M/16 under fifo, and 100 pools under
 * cost-latency); placement (cost-latency decisions at 100 pools × 10,000
 * nodes; the full table is `npm run bench:placement`).
 *
 * Every figure is a ratio to a reference measured in the same process
 * moments apart (the calibration loop: the bare heap loop), so it survives
 * a noisy shared machine better than an absolute rate: each suite runs in
 * passes, each pass in a process of its own, in rounds, every round timing
 * the reference and the contenders one after the other; the figure is the
 * contender's best rate over the rounds divided by the reference's best
 * (see src/bench/ratio-rounds.ts), the best of the passes (see
 * bench/gate/gate-suites.ts). bench/results.json holds them as
 * customBiggerIsBetter entries (github-action-benchmark's format): the
 * value is the ratio in percent; the absolute rates are in `extra` only,
 * so nothing gates on them. `npm run bench:check` compares them with
 * bench/baseline.json.
 */
import { writeFileSync } from 'node:fs';
import { formatRate, toBenchmarkJson, type Figure } from './lib/figure.js';
import { benchPath } from './lib/paths.js';
import { GATE_SUITES, PASSES, roundOptions, runSuites, type Mode } from './gate/gate-suites.js';
import { holdFigure } from './suites/engine-suite.js';

const mode: Mode = process.argv.includes('--quick') ? 'quick' : 'full';

async function main(): Promise<void> {
  const figures = await runSuites(GATE_SUITES, mode, (suite, seconds) => process.stderr.write(`  ${suite.id}: ${seconds.toFixed(1)} s\n`));
  // Recorded, not gated: the hold model at the populations between and beyond the gated ones.
  if (mode === 'full') for (const population of [10_000, 1_000_000]) figures.push(await holdFigure(population, roundOptions(mode), false));

  const rows = [
    ['suite', 'figure', 'best rate', 'reference, best', 'ratio', 'median ratio', 'per-round ratios'],
    ...figures.map((f: Figure) => [
      f.suite,
      `${f.contender}${f.gated ? '' : ' (not gated)'}`,
      formatRate(f.summary.bestRate, f.unit),
      formatRate(f.summary.bestReference, f.referenceUnit),
      `${(f.summary.bestRatio * 100).toFixed(2)}%`,
      `${(f.summary.ratio * 100).toFixed(2)}%`,
      `${(f.summary.ratioMin * 100).toFixed(1)}–${(f.summary.ratioMax * 100).toFixed(1)}%`,
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const r of rows) console.log(r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
  console.log(
    `\nnode ${process.version}, ${mode} run: ${PASSES} passes of at least ${roundOptions(mode).rounds} rounds, each in a process of its own; the best pass shown.\n` +
      `The reference of each row is its suite's bare heap loop. "ratio" (gated): best rate ÷ the reference's best rate; "median ratio": the median of\n` +
      `the per-round ratios in that pass.`,
  );

  const gated = figures.filter((f) => f.gated);
  writeFileSync(benchPath('results.json'), `${JSON.stringify(toBenchmarkJson(gated), null, 2)}\n`);
  console.log(`wrote ${benchPath('results.json')} (${gated.length} gated figures, customBiggerIsBetter)`);
}

await main();
