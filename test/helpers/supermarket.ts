import { parseScenario, simulate, type RunRecord } from '../../src/index.js';
import { batchMeansInterval } from './queueing.js';

/**
 * The supermarket model (Mitzenmacher 1996; Vvedenskaya, Dobrushin and
 * Karpelevich 1996) as a manychip scenario: n sites of one node with one
 * chip, Poisson arrivals at rate λ·n from one region, exponential work of
 * mean 1 on a chip of speed 1, FIFO at each site, a brain in front.
 * Arrivals stop at the horizon and the run drains, so every job that
 * arrived is measured to completion (none is cut, which would bias the
 * mean down); with FIFO a job's response time depends only on the jobs
 * ahead of it, so stopping arrivals does not bias it either.
 */
export interface SupermarketOptions {
  n: number;
  lambda: number;
  brain: string;
  /** Brain options (`d`), and the view's refresh period. */
  d?: number;
  refreshS?: number;
  horizonS: number;
  warmupS: number;
  seed?: number;
}

export function supermarketYaml(o: SupermarketOptions): string {
  return `name: supermarket
seed: ${o.seed ?? 1}
horizon: ${o.horizonS}
warmupS: ${o.warmupS}
drain: true
metrics: { sampleIntervalS: ${o.horizonS / 20} }
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites:
  - { name: "s\${i}", repeat: ${o.n}, region: r, pools: [{ chip: c, nodes: 1 }] }
classes:
  job: { speed: { c: 1 }, work: { dist: exponential, mean: 1 } }
workload:
  - { class: job, origin: r, arrivals: { process: poisson, rate: ${o.lambda * o.n} } }
policy: fifo
brain: { policy: ${o.brain}, options: { d: ${o.d ?? 2} }, view: { refreshS: ${o.refreshS ?? 0} } }
`;
}

export function runSupermarket(o: SupermarketOptions): RunRecord {
  return simulate(parseScenario(supermarketYaml(o)));
}

/**
 * The limit of the mean response time as n grows (Mitzenmacher 1996,
 * Theorem 3.6 with mean service 1): T_d(λ) = Σ_{i≥1} λ^((dⁱ − d)/(d − 1)),
 * and for d = 1 (each job to one site drawn at random: n M/M/1 queues)
 * 1/(1 − λ).
 */
export function supermarketLimit(lambda: number, d: number): number {
  if (d === 1) return 1 / (1 - lambda);
  let sum = 0;
  for (let i = 1; ; i++) {
    const term = lambda ** ((d ** i - d) / (d - 1));
    sum += term;
    if (term < 1e-15) return sum;
  }
}

/**
 * The mean response time (arrival to finish) of the jobs that arrived at
 * or after the warm-up, and its standard error by batch means: the jobs in
 * arrival order cut into `batches` consecutive batches, each long against
 * the time the system takes to forget (tens of seconds here), so that the
 * batch means are nearly independent.
 */
export function responseTime(run: RunRecord, warmupS: number, batches = 20): { mean: number; se: number; count: number } {
  const jobs = run.jobs;
  const values: number[] = [];
  for (let j = 0; j < jobs.length; j++) {
    const arrival = jobs.arrival[j] as number;
    if (arrival >= warmupS) values.push((jobs.finish[j] as number) - arrival);
  }
  const means = batchMeansInterval(values, batches).batchMeans;
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const grand = means.reduce((a, v) => a + v, 0) / batches;
  const variance = means.reduce((a, v) => a + (v - grand) ** 2, 0) / (batches - 1);
  return { mean, se: Math.sqrt(variance / batches), count: values.length };
}
