import { RngStreams, type Rng } from '../engine/rng.js';
import { BareHeap } from './bare-heap.js';

/**
 * The calibration loop: M/M/c written by hand on the bare heap, the fastest
 * plain JavaScript event loop we know. Every benchmark figure that must
 * survive a noisy machine, or travel between machines, is divided by this
 * loop's events per second measured in the same process moments apart.
 */
export interface MmcParams {
  servers: number;
  /** Load per server; λ = rho · servers with μ = 1. */
  rho: number;
  events: number;
}

/** The calibration model: M/M/16 at ρ = 0.9. */
export const CALIBRATION_MODEL: Readonly<Omit<MmcParams, 'events'>> = { servers: 16, rho: 0.9 };

const ARRIVAL = 0;
const DEPARTURE = 1;

/**
 * Runs M/M/c on the bare heap for `p.events` events (arrivals and
 * departures) and returns the number of jobs still waiting, so that the
 * work cannot be optimised away. Draws from `rng` with the same exponential
 * transform as src/engine, so it follows the engine model's sample path.
 */
export function runBareMmc(p: MmcParams, rng: Rng): number {
  const heap = new BareHeap(p.servers + 2);
  const meanGap = 1 / (p.rho * p.servers);
  let busy = 0;
  let waiting = 0;
  heap.push(-Math.log(1 - rng()) * meanGap, ARRIVAL);
  for (let n = 0; n < p.events; n++) {
    heap.pop();
    const now = heap.topTime;
    if (heap.topKind === ARRIVAL) {
      heap.push(now + -Math.log(1 - rng()) * meanGap, ARRIVAL);
      if (busy < p.servers) {
        busy++;
        heap.push(now + -Math.log(1 - rng()), DEPARTURE);
      } else {
        waiting++;
      }
    } else if (waiting > 0) {
      waiting--;
      heap.push(now + -Math.log(1 - rng()), DEPARTURE);
    } else {
      busy--;
    }
  }
  return waiting;
}

let calibrationSeed = 0;
let calibrationSink = 0;

/**
 * Events per second of one run of the calibration loop (M/M/16, ρ = 0.9)
 * over `events` events, timed now. Half a million events take about 50 ms.
 */
export function calibrationEventsPerSecond(events = 500_000): number {
  const rng = new RngStreams(++calibrationSeed).stream('calibration');
  const t0 = performance.now();
  calibrationSink += runBareMmc({ ...CALIBRATION_MODEL, events }, rng);
  const seconds = (performance.now() - t0) / 1000;
  // A sink that is read keeps the loop from being dropped as dead code.
  if (calibrationSink < 0) throw new Error('unreachable');
  return events / Math.max(seconds, 1e-9);
}
