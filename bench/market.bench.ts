/**
 * A call market's clearing at scale (issue 17): 10,000 bids waiting at the
 * first call over 1,000 pools of eight single-chip nodes (8,000 chips, so
 * 8,000 bids are matched and 2,000 wait), asks spread over 1 to 5.9 and
 * bids over 1 to 6.9 per chip-hour. The run ends just after that call, so
 * its wall time is the arrivals, the one clearing and the 8,000 starts.
 * The reference, in the same process and interleaved: the same jobs placed
 * by fifo without a market (the same arrivals and starts, no order book).
 * Reported: bids matched per second over the market run's whole wall time
 * (a lower bound on the clearing's own rate), and the median over rounds
 * of market ÷ reference wall time.
 *
 *   npm run bench:market [-- --rounds 5]
 */
import { parseScenario } from '../src/scenario/parse-scenario.js';
import { Simulation } from '../src/sim/simulation.js';
import type { MarketLedger } from '../src/model/market-ledger.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const rounds = arg('rounds', 5);
const POOLS = 1_000;
const BIDS = 10_000;

function scenario(market: boolean): string {
  const sites = Array.from({ length: POOLS }, (_, i) => `  - { name: s${i}, region: r, pools: [{ chip: g, nodes: 8, pricePerChipHour: ${(1 + (i % 50) / 10).toFixed(1)} }] }`);
  // Arrivals spread over the first second; work long enough that nothing ends before the horizon.
  const jobs = Array.from({ length: BIDS }, (_, j) => `  - { class: c, origin: r, arrival: ${(j / BIDS).toFixed(4)}, work: 100000${market ? `, bid: ${(1 + (j % 60) / 10).toFixed(1)}` : ''} }`);
  return `name: market-bench
seed: 1
horizon: 61
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites:
${sites.join('\n')}
classes: { c: { speed: { g: 1 }, work: { dist: constant, value: 1 } } }
jobs:
${jobs.join('\n')}
policy: fifo
${market ? 'market: { mechanism: call, intervalS: 60, k: 0.5 }\n' : ''}`;
}

const runs = { market: parseScenario(scenario(true), 'market.yaml'), reference: parseScenario(scenario(false), 'reference.yaml') };

function wallS(which: 'market' | 'reference'): { seconds: number; matched: number } {
  const started = performance.now();
  const record = new Simulation(runs[which]).run();
  const seconds = (performance.now() - started) / 1000;
  return { seconds, matched: which === 'market' ? (record.market as MarketLedger).trades : 0 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// One run of each first, so that neither side pays for compiling the code.
wallS('market');
wallS('reference');
const marketS: number[] = [];
const referenceS: number[] = [];
const ratios: number[] = [];
let matched = 0;
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? (['market', 'reference'] as const) : (['reference', 'market'] as const);
  const round: Record<string, number> = {};
  for (const which of order) {
    const t = wallS(which);
    round[which] = t.seconds;
    if (which === 'market') matched = t.matched;
  }
  marketS.push(round.market as number);
  referenceS.push(round.reference as number);
  ratios.push((round.market as number) / (round.reference as number));
}
const fmt = (xs: readonly number[]): string => xs.map((x) => x.toFixed(3)).join(', ');
console.log(`call market, ${BIDS.toLocaleString('en-US')} bids over ${POOLS.toLocaleString('en-US')} pools: ${matched.toLocaleString('en-US')} matched at the first call`);
console.log(`market run (s):    best ${Math.min(...marketS).toFixed(3)}, rounds ${fmt(marketS)}`);
console.log(`reference run (s): best ${Math.min(...referenceS).toFixed(3)}, rounds ${fmt(referenceS)}`);
console.log(`bids matched per second over the market run's wall time: ${Math.round(matched / Math.min(...marketS)).toLocaleString('en-US')} (best round), ${Math.round(matched / median(marketS)).toLocaleString('en-US')} (median)`);
console.log(`market ÷ reference (median of the rounds' ratios): ${median(ratios).toFixed(2)}×`);
