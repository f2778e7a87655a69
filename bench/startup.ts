/**
 * `npm run bench:startup [-- --rounds 21]`: how long `manychip validate
 * scenarios/mmc.yaml` takes as a whole process, beside `node -e 0` (Node's
 * own start-up and exit) timed in the same rounds. Issue 20's goal: at
 * most 120 ms above `node -e 0`.
 *
 * Every round runs each command once, in a fixed order; a figure is the
 * median over rounds, and the start-up above Node is the median of the
 * per-round differences, so that a slow spell of a shared machine moves
 * both sides of a difference together. Two warm-up rounds (file cache)
 * are not counted. Rows: the bundle as installed (dist/bundle/bin.js, the
 * package's `manychip`), and the unbundled build (dist/src/cli/bin.js) for
 * comparison.
 */
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../src/bench/ratio-rounds.js';
import { timeProcess } from './lib/process-wall.js';
import { repoRoot } from './lib/paths.js';

/** Issue 20, goal 1: start-up at most this far above `node -e 0`, in seconds. */
export const STARTUP_GOAL_S = 0.12;

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '21' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: expected a positive integer, got ${values.rounds}`);

const root = repoRoot();
const validate = ['validate', join('scenarios', 'mmc.yaml')];
const commands: { name: string; args: string[] }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'manychip validate (bundle: dist/bundle/bin.js)', args: [join(root, 'dist', 'bundle', 'bin.js'), ...validate] },
  { name: 'manychip validate (unbundled: dist/src/cli/bin.js)', args: [join(root, 'dist', 'src', 'cli', 'bin.js'), ...validate] },
];

const load = [os.loadavg()[0] ?? Number.NaN];
const seconds = commands.map(() => [] as number[]);
for (let round = -2; round < rounds; round++) {
  commands.forEach((c, i) => {
    const s = timeProcess(process.execPath, c.args).seconds;
    if (round >= 0) seconds[i]?.push(s);
  });
}
load.push(os.loadavg()[0] ?? Number.NaN);

const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;
const node = seconds[0] as number[];
console.log(`${rounds} rounds, interleaved; node ${process.version}; load ${load.map((l) => l.toFixed(2)).join(' → ')}\n`);
console.log(`${'command'.padEnd(52)}${'median'.padStart(9)}${'min'.padStart(9)}${'above node -e 0'.padStart(17)}`);
commands.forEach((c, i) => {
  const own = seconds[i] as number[];
  const above = i === 0 ? '' : ms(median(own.map((s, r) => s - (node[r] as number))));
  console.log(`${c.name.padEnd(52)}${ms(median(own)).padStart(9)}${ms(Math.min(...own)).padStart(9)}${above.padStart(17)}`);
});
const bundleAbove = median((seconds[1] as number[]).map((s, r) => s - (node[r] as number)));
console.log(`\ngoal: the bundle at most ${ms(STARTUP_GOAL_S)} above node -e 0: ${bundleAbove <= STARTUP_GOAL_S ? 'met' : 'NOT met'} (${ms(bundleAbove)})`);
