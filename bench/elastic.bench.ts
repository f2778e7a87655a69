/**
 * Elastic pools against a static pool, in one process: a million jobs on
 * one pool of up to 10,000 single-chip nodes under the `demand` rule
 * (exponential boots of 30 s, idle timeout 60 s, starting with none on)
 * against the same jobs on a static pool of 10,000 nodes. The arrivals are
 * the same (same seed, same streams); the load keeps about 7,000 nodes
 * busy. Rounds alternate which runs first; the figure is the median over
 * rounds of elastic ÷ static wall time, and the ratio of the two best
 * times (the least disturbed). The target (issue 16): within 1.5×.
 *
 *   npm run bench:elastic [-- --rounds 3 --jobs 1000000]
 */
import { parseScenario } from '../src/scenario/parse-scenario.js';
import { Simulation } from '../src/sim/simulation.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const rounds = arg('rounds', 3);
const jobs = arg('jobs', 1_000_000);

function scenario(elastic: boolean): string {
  const pool = elastic
    ? '{ chip: core, nodes: 0, elastic: { maxNodes: 10000, bootS: { dist: exponential, mean: 30 }, idleTimeoutS: 60, rule: demand } }'
    : '{ chip: core, nodes: 10000 }';
  return `
name: elastic-bench
seed: 3
chips: { core: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [${pool}] }]
classes: { c: { speed: { core: 1 }, chips: 1, work: { dist: exponential, mean: 100 } } }
workload: [{ class: c, origin: r, arrivals: { process: poisson, rate: 70 }, count: ${jobs} }]
policy: fifo
`;
}

const runs = { static: parseScenario(scenario(false), 'static.yaml'), elastic: parseScenario(scenario(true), 'elastic.yaml') };

function wallS(which: 'static' | 'elastic'): { seconds: number; events: number } {
  const started = performance.now();
  const record = new Simulation(runs[which]).run();
  return { seconds: (performance.now() - started) / 1000, events: record.events };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// One short run of each first, so that neither side pays for compiling the code.
for (const which of ['static', 'elastic'] as const) new Simulation(parseScenario(scenario(which === 'elastic').replace(`count: ${jobs}`, 'count: 20000'), 'warm.yaml')).run();
const times = { static: [] as number[], elastic: [] as number[] };
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? (['static', 'elastic'] as const) : (['elastic', 'static'] as const);
  const round: Record<string, number> = {};
  for (const which of order) {
    const { seconds } = wallS(which);
    round[which] = seconds;
    times[which].push(seconds);
  }
  ratios.push((round.elastic as number) / (round.static as number));
  console.log(`round ${r + 1}: static ${(round.static as number).toFixed(2)} s, elastic ${(round.elastic as number).toFixed(2)} s, ratio ${(ratios[r] as number).toFixed(3)}`);
}
const best = Math.min(...times.elastic) / Math.min(...times.static);
console.log(`elastic ÷ static wall time, ${jobs.toLocaleString('en-US')} jobs, ${rounds} rounds: median ${median(ratios).toFixed(3)}× (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}), best ÷ best ${best.toFixed(3)}×`);
