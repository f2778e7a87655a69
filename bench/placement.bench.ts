/**
 * Placement benchmarks: decisions per second of the policy core, by pools ×
 * nodes, and the scheduling pass under overload (ρ = 1.2, a queue growing
 * past 100,000 jobs).
 *
 *   npm run bench:placement            full run
 *   npm run bench:placement -- --quick fewer rounds and settings
 *
 * What a decision is, and how the cluster is set up: see
 * bench/suites/placement-suite.ts. Beside each figure: the calibration loop
 * (the bare heap loop on M/M/16) measured in the same rounds, and the
 * figure as a share of it, for noisy machines. The gate (`npm run bench`,
 * `npm run bench:check`) keeps one of these: cost-latency decide at 100
 * pools × 10,000 nodes.
 */
import { calibrationEventsPerSecond } from '../src/bench/calibration-loop.js';
import { countingScheduler } from '../src/bench/counting-scheduler.js';
import { resolvePolicy } from '../src/policy/registry.js';
import { parseScenario } from '../src/scenario/parse-scenario.js';
import { Simulation } from '../src/sim/simulation.js';
import { clusterScenario, decisionRates, type DecisionTask } from './suites/placement-suite.js';

const quick = process.argv.includes('--quick');
const options = { rounds: quick ? 9 : 21, iterations: 3 };

interface Row {
  setting: string;
  what: string;
  perSecond: number;
  bareEventsPerSecond: number;
  /** perSecond ÷ bareEventsPerSecond, the median of per-round ratios where there are rounds. */
  ratio: number;
}

/** A whole run at ρ = 1.2 until the queue passes 100,000 jobs: events and decisions per second of wall time. */
function overloaded(pools: number, nodes: number, policy: string): Row {
  // 100 pools × 10,000 nodes × 8 chips at one chip per job and 60 s mean work: capacity μ = chips / 60 per s, at speeds ~2.
  const chips = nodes * 8;
  const meanSpeed = 2;
  const rate = (1.2 * chips * meanSpeed) / 60;
  const count = Math.ceil(100_000 / (1 - 1 / 1.2)) + chips;
  const text = clusterScenario(pools, nodes, policy, `workload:\n  - { class: small, origin: { ${Array.from({ length: 20 }, (_, r) => `o${r}: 1`).join(', ')} }, arrivals: { process: poisson, rate: ${rate} }, count: ${count} }`);
  const counted = countingScheduler(resolvePolicy(policy));
  const sim = new Simulation(parseScenario(text), { policy: counted.scheduler });
  let maxQueue = 0;
  sim.hooks.on('job:arrive', () => {
    const q = sim.dispatcher.central.size;
    if (q > maxQueue) maxQueue = q;
  });
  const t0 = performance.now();
  const run = sim.run();
  const seconds = (performance.now() - t0) / 1000;
  const bare = calibrationEventsPerSecond(2_000_000);
  return {
    setting: `${pools} pools × ${nodes.toLocaleString('en-US')} nodes, ρ 1.2, queue to ${maxQueue.toLocaleString('en-US')}`,
    what: `${policy}: ${run.events.toLocaleString('en-US')} events, ${counted.decisions().toLocaleString('en-US')} decisions in ${seconds.toFixed(2)} s`,
    perSecond: run.events / seconds,
    bareEventsPerSecond: bare,
    ratio: run.events / seconds / bare,
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const settings = quick
    ? [
        [100, 10_000],
        [100, 1_000],
        [100, 100_000],
      ]
    : [
        [10, 1_000],
        [10, 10_000],
        [10, 100_000],
        [100, 1_000],
        [100, 10_000],
        [100, 100_000],
        [1000, 1_000],
        [1000, 10_000],
        [1000, 100_000],
      ];
  const kinds: DecisionTask[] = ['decide', 'decide, with deadline', 'decide + place'];
  for (const [pools, nodes] of settings) {
    for (const policy of quick ? ['cost-latency'] : ['cost-latency', 'fifo', 'mct']) {
      const r = await decisionRates(pools as number, nodes as number, policy, kinds, options);
      const setting = `${pools as number} pools × ${(nodes as number).toLocaleString('en-US')} nodes`;
      for (const [kind, s] of r) rows.push({ setting, what: `${policy} ${kind}`, perSecond: s.rate, bareEventsPerSecond: s.reference, ratio: s.ratio });
    }
  }
  rows.push(overloaded(100, 10_000, 'cost-latency'));
  if (!quick) rows.push(overloaded(100, 10_000, 'fifo'));

  console.log(`${'setting'.padEnd(60)}${'what'.padEnd(64)}${'per s'.padStart(12)}${'bare ev/s'.padStart(12)}${'÷ bare'.padStart(9)}`);
  for (const r of rows) {
    console.log(
      `${r.setting.padEnd(60)}${r.what.padEnd(64)}${Math.round(r.perSecond).toLocaleString('en-US').padStart(12)}` +
        `${Math.round(r.bareEventsPerSecond).toLocaleString('en-US').padStart(12)}${`${(r.ratio * 100).toFixed(2)}%`.padStart(9)}`,
    );
  }
  console.log(`\nnode ${process.version}, ${quick ? 'quick' : 'full'} run; decisions per second are medians over ${options.rounds} rounds`);
}

await main();
