import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli-process.js';
import { repoRoot } from '../helpers/data-traces.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-experiments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the experiment scripts with a file missing', () => {
  it('npm run experiment:kth says which file, where, in one line (exit 2, no stack)', () => {
    const scenario = join(dir, 'kth.yaml');
    writeFileSync(scenario, readFileSync(join(repoRoot, 'scenarios', 'kth-sp2.yaml'), 'utf8').replace(/file: [^ ]+KTH-SP2-1996-2\.1-cln\.swf\.gz/, 'file: gone.swf.gz'));
    const r = runScript('scripts/kth-easy.ts', ['--scenario', scenario], { cwd: dir, timeoutMs: 60_000 });
    expect(r).toEqual({ code: 2, out: '', err: `error: ${scenario}:28:33 workload[0].trace.file: cannot read gone.swf.gz: no such file\n`, timedOut: false });
  });

  it('npm run experiment:fgd says the same of a pod list that is not there', () => {
    const pods = join(dir, 'nowhere.csv.gz');
    const r = runScript('scripts/fgd-protocol.ts', ['--pods', pods, '--seeds', '1'], { cwd: dir, timeoutMs: 60_000 });
    expect(r).toEqual({ code: 2, out: '', err: `error: ${pods} cannot read Alibaba pod list: no such file\n`, timedOut: false });
  });
});
