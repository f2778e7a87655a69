/** Child process of `suiteInProcess`: `node suite-worker.js <suite id> <quick|full>` prints the suite's figures as JSON. */
import { GATE_SUITES, roundOptions, type Mode } from './gate-suites.js';

const [id, mode] = process.argv.slice(2);
const suite = GATE_SUITES.find((s) => s.id === id);
if (suite === undefined || (mode !== 'quick' && mode !== 'full')) {
  process.stderr.write(`usage: suite-worker.js <${GATE_SUITES.map((s) => s.id).join(' | ')}> <quick | full>\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(JSON.stringify(await suite.run(roundOptions(mode as Mode))));
}
