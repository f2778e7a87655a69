/**
 * The regression gate: `npm run bench:check [-- --quick] [-- --results <file>] [-- --update-baseline]`.
 * Its help (`-- --help`) states the tolerance and why; the logic is in bench/gate/.
 */
import { benchCheck } from './gate/bench-check.js';

process.exitCode = await benchCheck(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
