/**
 * One measured `manychip run` in this process, as a child of growth.ts:
 * runs the CLI's own main() on a scenario and prints, on the last line of
 * stderr, the wall time of the whole process (start-up included), the
 * simulation's own time and events, and the peak resident memory.
 */
import { main } from '../../src/cli/main.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: run-one <scenario>\n');
  process.exit(2);
}
let json = '';
const code = await main(['run', file, '--format', 'json'], { write: (t) => ((json += t), true) }, process.stderr);
if (code !== 0) process.exit(code);
const results = JSON.parse(json) as { events: number; jobs: { arrived: number }; perf: { wallSeconds: number } };
process.stderr.write(
  `${JSON.stringify({
    processSeconds: performance.now() / 1000,
    simulationSeconds: results.perf.wallSeconds,
    events: results.events,
    jobs: results.jobs.arrived,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
