import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputStem } from '../../src/sweep/sweep-plan.js';
import { runCli } from '../helpers/cli-process.js';

const root = join(import.meta.dirname, '..', '..');
const TINY = join(root, 'test/fixtures/sweeps/tiny.yaml');

describe('the default output of a sweep', () => {
  it('makes a plain file name of the sweep’s name: no folder, no control character, none of <>:"|?*', () => {
    expect(outputStem('edge-load')).toBe('edge-load');
    expect(outputStem('café load 2')).toBe('café load 2');
    expect(outputStem('/tmp/t/abs')).toBe('_tmp_t_abs');
    expect(outputStem('../x/evil')).toBe('.._x_evil');
    expect(outputStem('a\\b')).toBe('a_b');
    expect(outputStem('two\nlines\r\tand\u0000')).toBe('two_lines__and_');
    expect(outputStem('a*?:<>|"b')).toBe('a_______b');
    expect(outputStem('right\u202eto-left')).toBe('right_to-left');
    // Joiners are part of a name's letters (an emoji sequence, Persian words), not controls.
    expect(outputStem('👩\u200d💻 team')).toBe('👩\u200d💻 team');
    expect(outputStem('می\u200cخواهم')).toBe('می\u200cخواهم');
  });

  it('is written in the current directory whatever the name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-sweep-name-'));
    const work = join(dir, 'work');
    mkdirSync(work);
    const sweep = join(work, 'escape.yaml');
    writeFileSync(sweep, `name: '../out/evil*'\nscenario: ${JSON.stringify(TINY)}\nseeds: 1\n`);
    mkdirSync(join(dir, 'out'));
    const r = runCli(['sweep', sweep, '--workers', '0', '--quiet', '--format', 'json'], { cwd: work });
    expect(r.err).toBe('1 run done; rows in .._out_evil_.jsonl\n');
    expect(r.code).toBe(0);
    expect(readdirSync(work).sort()).toEqual(['.._out_evil_.jsonl', 'escape.yaml']);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    expect(existsSync(join(dir, 'out', 'evil*.jsonl'))).toBe(false);
  }, 60_000);
});
