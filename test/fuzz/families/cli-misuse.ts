import fc from 'fast-check';
import type { CaseFile, FuzzCase } from '../fuzz-case.js';
import { smallScenario } from './small-scenario.js';

/**
 * Command lines a user might type by mistake: unknown commands, random and
 * unknown flags, flags without their values, values of the wrong kind,
 * options that conflict, bad paths for outputs (a missing folder, a
 * directory, /proc, /dev/full, a path through a file), sweep overrides
 * through __proto__, a sweep matrix of a million variants, merges of
 * things that are not sweep output. The case folder holds a small
 * scenario, a small sweep, a policy module and a few wrong files to point
 * at. Counts a user might legitimately make large (--seeds, --rounds) stay
 * small: a long run that was asked for is not a hang.
 */

/** The files every command line may point at. */
export const cliFiles: CaseFile[] = [
  { path: 's.yaml', text: smallScenario('fifo', 50) },
  { path: 'sweep.yaml', text: 'name: tiny\nscenario: s.yaml\nmatrix:\n  workload[0].count: [5, 10]\npolicies: [fifo, random]\nseeds: 2\n' },
  {
    path: 'huge-sweep.yaml',
    text: `name: huge\nscenario: s.yaml\nmatrix:\n${['workload[0].count', 'workload[1].count', 'seed']
      .map((k) => `  ${k}: [${Array.from({ length: 100 }, (_, i) => i + 1).join(', ')}]`)
      .join('\n')}\npolicies: [fifo]\nseeds: 1\n`,
  },
  { path: 'p.mjs', text: "export default { name: 'free', score: (job, pool) => pool.freeChips };\n" },
  { path: 'empty.jsonl', text: '' },
  { path: 'bad.jsonl', text: '{"not": "a row"}\nnot json at all\n' },
  { path: 'log.swf', text: '; MaxProcs: 4\n1 0 0 10 1 -1 -1 1 20 -1 1 1 1 -1 1 -1 -1 -1\n2 5 0 10 2 -1 -1 2 20 -1 1 1 1 -1 1 -1 -1 -1\n' },
  { path: 'dir/keep', text: '' },
];

const commands = ['run', 'compare', 'sweep', 'merge', 'validate', 'schema', 'bench', 'import', 'help', 'runn', '', '--version', '-h', 'RUN'];

/** Arguments where a file belongs. */
const paths = ['s.yaml', 'sweep.yaml', 'huge-sweep.yaml', 'empty.jsonl', 'bad.jsonl', 'log.swf', 'p.mjs', 'dir', 'missing.yaml', '', '-', '/dev/null', '/proc/self/status', 's.yaml/inside'];

/** Where an output file might be asked to go. */
const outputs = ['out.jsonl', 'missing/folder/out.jsonl', 'dir', '/proc/out.jsonl', '/dev/full', 's.yaml/out', '', 'out.html'];

const flagValues: Record<string, readonly string[]> = {
  '--seed': ['-1', 'abc', '1e308', '9007199254740993', '', '1.5', '0', '3'],
  '--seeds': ['0', '-2', 'abc', '2', '1.5', ''],
  '--policies': ['fifo', 'fifo,fifo', '', ',', '../../../etc/passwd', './p.mjs', 'nope', 'fifo,cheapest', 'fifo,./missing.mjs', './s.yaml'],
  '--policy': ['fifo', 'nope', './p.mjs', '../../../etc/passwd', '', './dir'],
  '--format': ['json', 'table', 'csv', 'xml', ''],
  '--baseline': ['fifo', 'nope', ''],
  '-o': outputs,
  '--output': outputs,
  '--report': outputs,
  '--jobs': outputs,
  '--trace': outputs,
  '--trace-limit': ['0', '-5', 'abc', '10'],
  '--set': ['__proto__.polluted=1', 'constructor.prototype.polluted=1', 'workload[0].count=3,4', 'horizon=', '=', 'sites[99].name=x', 'workload[0].count=abc', 'a.b.c', 'classes.__proto__.x=1', 'classes.low.__proto__=1', 'seed=1,1'],
  '--workers': ['0', '1', '-1', 'abc'],
  '--shard': ['0/2', '5/2', 'abc', '1/0', '-1/2', 'k8s/2', '0/1'],
  '--rounds': ['1', '0', 'abc'],
  '--nodes': ['s.yaml', 'missing.csv', 'dir'],
  '--scale-factor': ['1', '0', 'abc'],
  '--name': ['x', '', '__proto__'],
  '--timeout': ['1', '0', '-1', 'abc', '1e308'],
};
const switches = ['--resume', '--force', '--strict', '--quiet', '--debug', '--help', '--nope', '-x', '--', '--seed=3', '--format=json'];

const argArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...Object.keys(flagValues)).chain((flag) => fc.constantFrom(...(flagValues[flag] ?? [])).map((value) => [flag, value])) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.keys(flagValues)).map((flag) => [flag]) },
  { weight: 2, arbitrary: fc.constantFrom(...switches).map((s) => [s]) },
  { weight: 1, arbitrary: fc.constantFrom(...paths).map((p) => [p]) },
);

export const cliMisuseFamily: fc.Arbitrary<FuzzCase> = fc
  .record({
    command: fc.constantFrom(...commands),
    positional: fc.array(fc.constantFrom(...paths), { maxLength: 2 }),
    args: fc.array(argArb, { maxLength: 4 }),
    importFormat: fc.constantFrom('swf', 'alibaba-pods', 'gavel', 'bogus'),
  })
  .map((g) => {
    const argv = [g.command, ...(g.command === 'import' ? [g.importFormat] : []), ...g.positional, ...g.args.flat()];
    // Counts stay small: a command asked to do a lot is not a hang.
    if (g.command === 'compare' && !argv.includes('--seeds')) argv.push('--seeds', '2');
    if (g.command === 'bench' && !argv.includes('--rounds')) argv.push('--rounds', '1');
    if ((g.command === 'compare' || g.command === 'sweep' || g.command === 'bench') && !argv.includes('--quiet')) argv.push('--quiet');
    return {
      family: 'cli-misuse',
      label: `manychip ${argv.map((a) => (a === '' ? "''" : a)).join(' ')}`,
      files: cliFiles,
      argv,
      cliOnly: true,
    } satisfies FuzzCase;
  });
