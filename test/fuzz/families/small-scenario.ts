/**
 * A small valid scenario with contention (two sites, CPU and GPU pools,
 * a preemptible low-priority class and a high-priority gang class), for
 * the families that vary something else: the policy, the command line.
 */
export function smallScenario(policy: string, horizon?: number): string {
  return `name: small
seed: 3
${horizon === undefined ? '' : `horizon: ${horizon}\n`}chips: { cpu0: { kind: cpu }, gpu0: { kind: gpu } }
regions: [{ name: here, lat: 30, lon: 110 }, { name: there, lat: 35, lon: 115 }]
sites:
  - { name: near, region: here, pools: [{ chip: cpu0, nodes: 2, chipsPerNode: 2, pricePerChipHour: 0.1 }, { chip: gpu0, nodes: 1, chipsPerNode: 4, pricePerChipHour: 2 }] }
  - { name: far, region: there, pools: [{ chip: gpu0, nodes: 2, chipsPerNode: 2, pricePerChipHour: 1, failures: { mtbfHours: 0.01, repairHours: 0.002 } }] }
classes:
  low: { speed: { cpu0: 1, gpu0: 3 }, chips: 1, work: { dist: exponential, mean: 5 }, preemptible: true, slo: { deadline: 20 } }
  high: { speed: { gpu0: 1 }, chips: 2, work: { dist: constant, value: 4 }, priority: 10, slo: { circle: national }, budget: 50 }
workload:
  - { class: low, origin: here, arrivals: { process: poisson, rate: 2 }, count: 30 }
  - { class: high, origin: { here: 1, there: 2 }, arrivals: { process: poisson, rate: 0.5 }, count: 10 }
jobs:
  - { id: big, class: high, origin: there, arrival: 1, chips: 4, work: 10 }
policy: ${JSON.stringify(policy)}
limits: { maxNodes: 5000, maxJobs: 5000 }
`;
}
