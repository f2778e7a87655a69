import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { resolvePolicy } from '../../src/policy/registry.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';

describe('pods run on one node', () => {
  it('under any policy: a pod wider than every node is rejected, never spread over nodes as a gang', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-one-node-'));
    writeFileSync(join(dir, 'nodes.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nn0,32000,65536,2,T4\nn1,32000,65536,2,T4\nn2,32000,65536,2,T4\n');
    writeFileSync(
      join(dir, 'pods.csv'),
      [
        'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time',
        'two,4000,1024,2,1000,,LS,Succeeded,1,100,1',
        'four,4000,1024,4,1000,,LS,Succeeded,2,100,2',
      ].join('\n'),
    );
    const text = `
name: one-node
chips: { T4: { kind: gpu } }
regions: [{ name: hz }]
sites: [{ from: { format: alibaba-nodes, file: nodes.csv, region: hz } }]
classes: { pod: { speed: { T4: 1 }, work: { dist: constant, value: 0 } } }
workload: [{ class: pod, origin: hz, trace: { format: alibaba-pods, file: pods.csv, startAt: 0 } }]
`;
    for (const policy of ['fifo', 'cost-latency', 'best-fit']) {
      const r = summarize(new Simulation(parseScenario(text, 'test.yaml', dir), { policy: resolvePolicy(policy) }).run());
      expect(r.jobs).toMatchObject({ arrived: 2, completed: 1, rejected: 1 });
      expect(r.rejectReasons).toEqual({ 'too-large-for-any-pool': 1 });
    }
  });
});
