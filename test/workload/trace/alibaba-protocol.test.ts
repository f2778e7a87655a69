import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../src/index.js';
import { MAX_TIME_S } from '../../../src/scenario/field-bounds.js';
import { problemsOf } from '../../helpers/problems.js';
import { expectResultsHoldInvariants } from '../../helpers/results-invariants.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-protocol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos';
writeFileSync(join(dir, 'nodes.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nn0,96000,393216,8,G2\nn1,96000,393216,8,G2\n');

/** A cluster of 16 GPUs and a pod list submitted under the FGD paper's protocol. */
function protocolScenario(name: string, podRows: string[], extra = ''): string {
  writeFileSync(join(dir, `${name}.csv`), [header, ...podRows, ''].join('\n'));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
chips: { G2: { kind: gpu }, cpu: { kind: cpu } }
regions: [{ name: r }]
sites: [{ from: { format: alibaba-nodes, file: nodes.csv, site: s, region: r } }]
classes: { pod: { speed: { G2: 1, cpu: 1 }, work: { dist: constant, value: 0 } } }
workload:
  - { class: pod, origin: r, trace: { format: alibaba-pods, file: ${name}.csv, order: shuffled${extra} } }
policy: fifo
policyOptions: { onNoFit: reject }
`,
  );
  return file;
}

const problems = (file: string): string[] => problemsOf(() => runScenario(loadScenarioFile(file)));

describe('order: shuffled', () => {
  it('refuses a pod list with no usable rows at the file, naming the first bad row', () => {
    const file = protocolScenario('bad-pods', ['p0,x,8192,1,500,,LS', 'p1,4000,8192,1,5000,,LS']);
    expect(problems(file)).toEqual([
      `${relative(process.cwd(), join(dir, 'bad-pods.csv'))}:1:1 has no usable pod rows (2 malformed, the first at line 2: column cpu_milli "x" is not a whole number): order shuffled draws its pods from them`,
    ]);
  });

  it('submits pods that ask for no GPU once each, without a top-up that could never end', () => {
    const file = protocolScenario('cpu-pods', ['p0,4000,8192,0,0,,LS', 'p1,2000,4096,0,0,,BE']);
    const r = runScenario(loadScenarioFile(file));
    expectResultsHoldInvariants(r);
    expect(r.jobs.arrived).toBe(2);
  });

  it('keeps energy and utilisation finite with the longest warm-up and no horizon (the warm-up of 1e308 itself is refused)', () => {
    const file = protocolScenario('warm', ['p0,4000,8192,1,500,,LS'], ` } }\nwarmupS: ${MAX_TIME_S}\n#`);
    const r = runScenario(loadScenarioFile(file));
    expectResultsHoldInvariants(r);
    expect(r.jobs.arrived).toBe(0);
  });

  it('refuses an inflation that no cluster needs, at the field', () => {
    const file = protocolScenario('inflated', ['p0,4000,8192,1,500,,LS'], ', inflation: 1e308');
    expect(problems(file)).toEqual([`${file}:7:109 workload[0].trace.inflation: must be at most 100; got 1e+308`]);
  });

  it('refuses a top-up beyond limits.maxJobs before drawing it, and tops up to the target within it', () => {
    const rows = ['p0,4000,8192,1,500,,LS', 'p1,4000,8192,1,1000,,BE'];
    const limited = protocolScenario('limited', rows, ', inflation: 100 } }\nlimits: { maxJobs: 1000 }\n#');
    // 100 × 16 GPUs = 1,600,000 milli-GPUs at 750 a pod on average: about 2,133 pods.
    expect(problems(limited)).toEqual([
      `${relative(process.cwd(), join(dir, 'limited.csv'))}:1:1 inflating these pods to 100 × the cluster's GPUs takes about 2,133 pods; the limit is 1,000 (limits.maxJobs)`,
    ]);
    const r = runScenario(loadScenarioFile(protocolScenario('within', rows, ', inflation: 1.3')));
    expectResultsHoldInvariants(r);
    // 1.3 × 16,000 milli-GPUs: the top-up stops within one chip's share of the target.
    expect(r.jobs.arrived).toBeGreaterThanOrEqual(Math.floor((1.3 * 16000 - 1000) / 1000));
  });
});
