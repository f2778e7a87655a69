import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyNameLists } from '../../src/policy/brain/brain-policy-names.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { formatProblem } from '../../src/scenario/problem.js';
import { runCli } from '../helpers/run-cli.js';

const scenario = `name: options
chips: { g: { kind: gpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites: [{ name: s, region: r, pools: [{ chip: g, nodes: 2, chipsPerNode: 8 }] }]
classes: { j: { speed: { g: 1 }, work: { dist: constant, value: 1 } } }
jobs: [{ class: j, origin: r, arrival: 0, work: 1 }]
policy: fgd
policyOptions:
  tieBreak: order
  onNoFit: sometimes
`;

describe('policyOptions.onNoFit (issue 14: a bad value had no position and named the policy that ran)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'manychip-options-')), 'options.yaml');
  writeFileSync(file, scenario);
  // Line 10, column 12: the value "sometimes".
  const expected = `error: ${file}:10:12 policyOptions.onNoFit: must be "wait" or "reject", not "sometimes" (option of the node-level policies; this file's policy is "fgd")\n`;

  it('is located in the file and names the policy the file names, when another policy runs', async () => {
    const run = await runCli(['run', file, '--policy', 'best-fit']);
    expect(run).toEqual({ code: 2, out: '', err: expected });
    const compare = await runCli(['compare', file, '--policies', 'packing,random-node', '--seeds', '1']);
    expect(compare).toEqual({ code: 2, out: '', err: expected });
  });

  it('is found by validate and by a run of the file’s own policy', async () => {
    expect(await runCli(['validate', file])).toEqual({ code: 2, out: '', err: expected });
    expect(await runCli(['run', file])).toEqual({ code: 2, out: '', err: expected });
  });

  it('lets every allowed value through', async () => {
    for (const onNoFit of ['wait', 'reject']) {
      const ok = join(mkdtempSync(join(tmpdir(), 'manychip-options-')), 'ok.yaml');
      writeFileSync(ok, scenario.replace('sometimes', onNoFit));
      const run = await runCli(['run', ok, '--format', 'json']);
      expect(run.code, run.err).toBe(0);
    }
  });
});

describe('options no built-in policy reads (a misspelt key would leave the defaults in place without a word)', () => {
  const base = (policy: string, options: string): string => `name: unread
chips: { g: { kind: gpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites: [{ name: s, region: r, pools: [{ chip: g, nodes: 2 }] }]
classes: { j: { speed: { g: 1 }, work: { dist: constant, value: 1 } } }
jobs: [{ class: j, origin: r, arrival: 0, work: 1 }]
policy: ${policy}
policyOptions: ${options}
`;
  const warnings = (text: string, names = policyNameLists()): string[] => parseScenario(text, 'unread.yaml', '.', names).warnings.map(formatProblem);

  it('warns at the key, naming what the built-in policies read', () => {
    // Line 8: "policyOptions: { wieghts: …": the key starts at column 18.
    expect(warnings(base('cost-latency', '{ wieghts: { cost: 2 } }'))).toEqual([
      'unread.yaml:8:18 policyOptions.wieghts: no built-in policy reads this option (they read weights, onNoFit, tieBreak): "cost-latency" runs as if it were not there',
    ]);
  });

  it('says nothing of the options built-in policies read, whichever of them the file names', () => {
    expect(warnings(base('fifo', '{ weights: { cost: 2 }, onNoFit: wait, tieBreak: order }'))).toEqual([]);
  });

  it('says nothing under a policy module, which reads options of its own, or when the command line replaces the policy', () => {
    expect(warnings(base('./my-policy.js', '{ horizonS: 30 }'))).toEqual([]);
    expect(warnings(base('fifo', '{ horizonS: 30 }'), policyNameLists(true))).toEqual([]);
    // Without the names of the built-ins, nothing is known to be one.
    expect(parseScenario(base('fifo', '{ horizonS: 30 }'), 'unread.yaml').warnings).toEqual([]);
  });

  it('checks the brain’s options under a built-in brain policy, and a site’s under the site’s policy', () => {
    const text = base('fifo', '{}')
      .replace('pools: [{ chip: g, nodes: 2 }] }]', 'pools: [{ chip: g, nodes: 2 }], policy: best-fit, policyOptions: { tiebreak: order } }]')
      .concat('brain: { policy: power-of-d, region: r, options: { d: 1, dd: 2 } }\n');
    // At each key: "tiebreak" starts at column 98 of line 4, "dd" at column 58 of line 9.
    expect(warnings(text)).toEqual([
      'unread.yaml:4:98 sites[0].policyOptions.tiebreak: no built-in policy reads this option (they read weights, onNoFit, tieBreak): "best-fit" runs as if it were not there',
      'unread.yaml:9:58 brain.options.dd: no built-in policy reads this option (they read d, weights): "power-of-d" runs as if it were not there',
    ]);
  });
});
