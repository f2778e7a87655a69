import { parseScenario, type Scenario } from '../../src/scenario/parse-scenario.js';

export interface QueueModel {
  servers: number;
  lambda: number;
  mu: number;
  service: 'exponential' | 'constant';
  jobs: number;
  seed?: number;
}

/** A scenario for an M/M/c or M/D/c queue: one pool of `servers` single-chip nodes, FIFO. */
export function queueScenario(m: QueueModel): Scenario {
  const work = m.service === 'exponential' ? `{ dist: exponential, mean: ${1 / m.mu} }` : `{ dist: constant, value: ${1 / m.mu} }`;
  return parseScenario(
    `
name: queue-${m.servers}
seed: ${m.seed ?? 1}
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites:
  - { name: s, region: here, pools: [{ chip: core, nodes: ${m.servers}, chipsPerNode: 1 }] }
classes:
  job: { speed: { core: 1 }, chips: 1, work: ${work} }
workload:
  - { class: job, origin: here, arrivals: { process: poisson, rate: ${m.lambda} }, count: ${m.jobs} }
policy: fifo
`,
    'queue.yaml',
  );
}

/** Parses scenario text written inline in a test. */
export function scenarioFrom(yaml: string): Scenario {
  return parseScenario(yaml, 'test.yaml');
}

/** The smallest complete scenario: one chip, region, site and class, and one listed job. */
export const tinyScenarioYaml = `name: tiny
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 2 }] }]
classes:
  c: { speed: { a: 1 }, work: { dist: constant, value: 1 } }
jobs:
  - { class: c, origin: r, arrival: 0, work: 1 }
`;
