import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
