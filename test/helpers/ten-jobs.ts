/** Ten one-chip jobs, one a second, on ten free nodes: under any policy each is asked about once and starts at once (10 decisions, 20 events). */
export const tenJobsYaml = `
name: ten-jobs
seed: 3
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites: [{ name: s, region: here, pools: [{ chip: core, nodes: 10, chipsPerNode: 1, pricePerChipHour: 1 }] }]
classes:
  job: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 5 } }
jobs:
${Array.from({ length: 10 }, (_, i) => `  - { id: j${i}, class: job, origin: here, arrival: ${i}, work: 5 }`).join('\n')}
policy: fifo
`;
