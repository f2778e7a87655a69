/**
 * The figures of docs/brain.md: the supermarket model under the brain.
 *
 *   npx tsx scripts/brain-figures.ts
 *
 * 1. A fresh view at n = 1,000 sites: the mean response time of
 *    power-of-d against the limit T_d(λ), with its batch-means standard
 *    error (the model and the measure are the tests', test/helpers/supermarket.ts).
 * 2. A stale view at n = 100, λ = 0.9: the mean response time of each
 *    brain policy as the view's refresh period T grows (Mitzenmacher 2000).
 */
import { responseTime, runSupermarket, supermarketLimit } from '../test/helpers/supermarket.js';

const pct = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(2)}%`;
const started = Date.now();

console.log('Fresh view, n = 1,000 sites (warm-up 50 s; mean over the jobs of the measured window)\n');
console.log('| λ | d | T_d(λ) | measured | error | batch-means s.e. | jobs |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const lambda of [0.5, 0.7, 0.9]) {
  for (const d of [1, 2, 3]) {
    // d = 1 is n M/M/1 queues, slow to settle near λ = 0.9: it gets a longer window.
    const horizonS = lambda === 0.9 ? (d === 1 ? 3050 : 800) : 450;
    const warmupS = d === 1 && lambda === 0.9 ? 500 : 50;
    const run = runSupermarket({ n: 1000, lambda, brain: d === 1 ? 'random' : 'power-of-d', d: Math.max(d, 1), horizonS, warmupS, seed: 1 });
    const m = responseTime(run, warmupS);
    const limit = supermarketLimit(lambda, d);
    console.log(`| ${lambda} | ${d} | ${limit.toFixed(3)} | ${m.mean.toFixed(3)} | ${pct(m.mean / limit - 1)} | ${((m.se / m.mean) * 100).toFixed(2)}% | ${m.count.toLocaleString('en-US')} |`);
  }
}

console.log('\nStale view, n = 100 sites, λ = 0.9 (warm-up 100 s, 1,000 s measured): mean response time by refresh period T\n');
const periods = [0, 0.5, 1, 2, 5, 10];
const policies: [string, string, number][] = [
  ['least-loaded', 'least-loaded', 2],
  ['power-of-2', 'power-of-d', 2],
  ['power-of-3', 'power-of-d', 3],
  ['late-binding (d = 2)', 'late-binding', 2],
  ['random', 'random', 1],
];
console.log(`| policy | ${periods.map((t) => `T = ${t}`).join(' | ')} |`);
console.log(`|---|${periods.map(() => '---:').join('|')}|`);
for (const [label, brain, d] of policies) {
  const cells = periods.map((refreshS) => responseTime(runSupermarket({ n: 100, lambda: 0.9, brain, d, refreshS, horizonS: 1100, warmupS: 100, seed: 3 }), 100).mean.toFixed(3));
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
console.log(`\nlimits at λ = 0.9: T_1 = ${supermarketLimit(0.9, 1).toFixed(3)}, T_2 = ${supermarketLimit(0.9, 2).toFixed(3)}, T_3 = ${supermarketLimit(0.9, 3).toFixed(3)}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
