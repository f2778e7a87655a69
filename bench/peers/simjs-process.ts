/**
 * simjs's M/M/c as a whole process, for the process-wall table of
 * `npm run bench:peers`: `node dist/bench/peers/simjs-process.js <servers>
 * <rho> <jobs> <seed>` loads simjs, runs the model (simjs.ts) and prints
 * its counts as JSON. Timed from outside, like `manychip run`.
 */
import { loadSimJs, runSimJsMmc } from './simjs.js';

const [servers, rho, jobs, seed] = process.argv.slice(2).map(Number);
if ([servers, rho, jobs, seed].some((x) => x === undefined || !Number.isFinite(x))) {
  process.stderr.write('usage: simjs-process.js <servers> <rho> <jobs> <seed>\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(runSimJsMmc(loadSimJs(), servers as number, rho as number, jobs as number, seed as number))}\n`);
}
