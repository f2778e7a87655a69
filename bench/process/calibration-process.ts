/**
 * The calibration loop as a whole process, the reference of the process-wall
 * figures: `node dist/bench/process/calibration-process.js <events> [seed]`
 * runs the bare heap loop on M/M/16 (ρ = 0.9) for that many events and
 * prints them. Timed from outside, it pays Node's start-up as any process
 * does, and nothing else.
 */
import { CALIBRATION_MODEL, runBareMmc } from '../../src/bench/calibration-loop.js';
import { RngStreams } from '../../src/engine/rng.js';

const events = Number(process.argv[2]);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(events) || events < 1) {
  process.stderr.write('usage: calibration-process.js <events> [seed]\n');
  process.exitCode = 2;
} else {
  const waiting = runBareMmc({ ...CALIBRATION_MODEL, events }, new RngStreams(seed).stream('calibration'));
  process.stdout.write(`${JSON.stringify({ events, waiting })}\n`);
}
