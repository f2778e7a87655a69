import fc from 'fast-check';
import { policyNames } from '../../src/index.js';

/**
 * Random small scenarios for property tests over every built-in policy:
 * two sites a few hundred km apart, pools of three chip kinds, classes with
 * circles, budgets, priorities and preemption, jobs arriving over time.
 */
const chipNames = ['a', 'b', 'c'];
const poolArb = fc.record({
  site: fc.constantFrom('near', 'far'),
  chip: fc.constantFrom(...chipNames),
  nodes: fc.integer({ min: 1, max: 3 }),
  chipsPerNode: fc.integer({ min: 1, max: 4 }),
  price: fc.constantFrom(1, 2, 5),
});
const classArb = fc.record({
  speed: fc.dictionary(fc.constantFrom(...chipNames), fc.constantFrom(0.5, 1, 2), { minKeys: 1 }),
  chips: fc.constantFrom(0.25, 0.5, 1, 2, 5),
  circle: fc.constantFrom(undefined, 'city', 'region', 'national'),
  budget: fc.constantFrom(undefined, 0.01, 1),
  priority: fc.constantFrom(0, 5),
  preemptible: fc.boolean(),
  resume: fc.boolean(),
});
const jobArb = fc.record({ cls: fc.nat(), origin: fc.constantFrom('r1', 'r2'), arrival: fc.integer({ min: 0, max: 30 }), work: fc.integer({ min: 1, max: 40 }) });
export const scenarioArb = fc.record({
  pools: fc.array(poolArb, { minLength: 1, maxLength: 4 }),
  classes: fc.array(classArb, { minLength: 1, maxLength: 3 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 30 }),
  policy: fc.constantFrom(...policyNames()),
});
export type Generated = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

export function toYaml(g: Generated): string {
  const pool = (p: Generated['pools'][number]): string => `{ chip: ${p.chip}, nodes: ${p.nodes}, chipsPerNode: ${p.chipsPerNode}, pricePerChipHour: ${p.price} }`;
  const near = g.pools.filter((p) => p.site === 'near').map(pool);
  const far = g.pools.filter((p) => p.site === 'far').map(pool);
  const sites = [
    near.length > 0 ? `  - { name: near, lat: 30.0, lon: 120.0, pools: [${near.join(', ')}] }` : '',
    far.length > 0 ? `  - { name: far, lat: 33.0, lon: 120.0, pools: [${far.join(', ')}] }` : '',
  ].filter((x) => x !== '');
  const classes = g.classes.map((c, i) => {
    const slo = c.circle === undefined ? '' : `, slo: { circle: ${c.circle} }`;
    const budget = c.budget === undefined ? '' : `, budget: ${c.budget}`;
    return `  k${i}: { speed: ${JSON.stringify(c.speed)}, chips: ${c.chips}, priority: ${c.priority}, preemptible: ${c.preemptible}, onPreempt: ${c.resume ? 'resume' : 'restart'}, work: { dist: constant, value: 1 }${slo}${budget} }`;
  });
  const jobs = g.jobs.map((j) => `  - { class: k${j.cls % g.classes.length}, origin: ${j.origin}, arrival: ${j.arrival}, work: ${j.work} }`);
  return `name: generated
seed: 7
chips: { a: { kind: cpu }, b: { kind: gpu }, c: { kind: npu } }
regions: [{ name: r1, lat: 30.0, lon: 120.0 }, { name: r2, lat: 33.0, lon: 120.0 }]
sites:
${sites.join('\n')}
classes:
${classes.join('\n')}
jobs:
${jobs.join('\n')}
policy: ${g.policy}
`;
}

