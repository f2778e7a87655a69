import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProtocol } from '../../../src/experiments/fgd-protocol.js';
import { parseScenario } from '../../../src/scenario/parse-scenario.js';
import { Simulation } from '../../../src/sim/simulation.js';
import { jobStateNames } from '../../../src/model/job-table.js';
import { dataTrace } from '../../helpers/data-traces.js';

const fixtures = resolve(__dirname, '../../fixtures/traces');
const DEFAULT = dataTrace('alibaba-gpu-2023', 'openb_pod_list_default.csv.gz');
const CHIPS = '{ G2: { kind: gpu }, G3: { kind: gpu }, T4: { kind: gpu }, P100: { kind: gpu }, V100M16: { kind: gpu }, V100M32: { kind: gpu }, A10: { kind: gpu } }';

const scenarioText = (nodes: string, trace: string, policy: string, options = '{}'): string => `
name: node-level
chips: ${CHIPS}
regions: [{ name: hz, lat: 30, lon: 120 }]
sites:
  - from: { format: alibaba-nodes, file: ${nodes}, region: hz }
classes:
  pod: { speed: { G2: 1, G3: 1, T4: 1, P100: 1, V100M16: 1, V100M32: 1, A10: 1 }, work: { dist: constant, value: 0 } }
workload:
  - { class: pod, origin: hz, trace: { format: alibaba-pods, file: ${trace}, startAt: 0 } }
policy: ${policy}
policyOptions: ${options}
`;

describe('node-level placement in the simulation', () => {
  it('puts each job on the node and chip the policy chose (best fit, hand-worked)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-node-level-'));
    writeFileSync(join(dir, 'nodes.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nn0,32000,65536,2,T4\nn1,32000,65536,2,T4\n');
    writeFileSync(
      join(dir, 'pods.csv'),
      [
        'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time',
        // Equal scores on empty nodes: node order decides (tieBreak: order) → n0, on its tightest chip (chip 0).
        'a,4000,1024,1,500,,LS,Running,1,1000,1',
        // n0 is tighter (1,500 free against 2,000); on n0 the 500-free chip 0 is the tightest fit.
        'b,4000,1024,1,500,,LS,Running,2,1000,2',
        // A whole chip: only chip 1 of n0 is whole there, and n0 is still the tighter node.
        'c,4000,1024,1,1000,,LS,Running,3,1000,3',
        // No chip: n0 has 20 cores left, n1 32: best fit takes n0.
        'd,20000,1024,0,0,,BE,Running,4,1000,4',
        // n0 has no cores left: n1.
        'e,1000,1024,0,0,,BE,Running,5,1000,5',
      ].join('\n'),
    );
    const scenario = parseScenario(scenarioText('nodes.csv', 'pods.csv', 'best-fit', '{ tieBreak: order }'), 'test.yaml', dir);
    const record = new Simulation(scenario).run();
    const jobs = record.jobs;
    expect(Array.from({ length: 5 }, (_, j) => [jobs.node[j], jobs.slot[j]])).toEqual([
      [0, 0],
      [0, 0],
      [0, -1],
      [0, -1],
      [1, -1],
    ]);
    expect(jobs.held[3]).toBe(0);
    expect(record.warnings).toEqual([]);
  });

  it('rejects at once a job that no node it may use could ever take within its budget, instead of waiting forever', () => {
    // Two chips per job: pool a's one-chip nodes would need a gang (never, node-level); pool b's node
    // costs 2 chips × $2/h × 9.5 s = $0.0106 for the long job, over its $0.01 budget; the short one fits.
    const text = `
name: budget
chips: { a: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: near, region: r, pools: [{ name: small, chip: a, nodes: 2, chipsPerNode: 1, pricePerChipHour: 1 }, { name: big, chip: a, nodes: 1, chipsPerNode: 2, pricePerChipHour: 2 }] }]
classes: { c: { speed: { a: 2 }, chips: 2, budget: 0.01, work: { dist: constant, value: 1 } } }
jobs: [{ class: c, origin: r, arrival: 0, work: 19 }, { class: c, origin: r, arrival: 0, work: 1 }]
policy: best-fit
`;
    const record = new Simulation(parseScenario(text, 'test.yaml', '.')).run();
    expect(Array.from({ length: 2 }, (_, j) => jobStateNames[record.jobs.state[j] as number])).toEqual(['rejected', 'completed']);
    expect(record.rejectReasons).toEqual(['over-budget']);
  });

  it('reuses scores of unchanged nodes without changing a single decision', () => {
    const scenario = parseScenario(scenarioText('small-nodes.csv', 'malformed-pods.csv', 'fifo'), 'test.yaml', fixtures);
    const run = (cache: boolean): string[] => {
      const result = runProtocol({ scenario, podsFile: DEFAULT, seeds: [7, 8], policies: ['fgd', 'best-fit', 'packing', 'dot-product'], cache });
      return result.runs.map((r) => `${r.policy}/${r.seed}: ${r.dropped} ${Array.from(r.allocatedMilli).join(',')}`);
    };
    const cached = run(true);
    expect(cached).toHaveLength(8);
    expect(cached).toEqual(run(false));
  });
});
