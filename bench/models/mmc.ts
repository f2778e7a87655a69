import { Engine, type EventHandler } from '../../src/engine/engine.js';
import { exponential, type Rng } from '../../src/engine/rng.js';
import { BareHeap } from './bare-heap.js';

/**
 * The same M/M/c queue three ways, each counting arrivals and departures as
 * events and stopping after a fixed number of them. Both the bare loop and
 * the engine model draw from the same Alea stream through the same
 * exponential transform as src/, so they simulate the same sample path.
 */
export interface MmcParams {
  servers: number;
  /** Load per server; λ = rho · servers with μ = 1. */
  rho: number;
  events: number;
}

const ARRIVAL = 0;
const DEPARTURE = 1;

/** The bare hand-written heap loop. Returns the number of jobs still waiting (so the work cannot be optimised away). */
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

/** The M/M/c model as an `EventHandler` on manychip's `Engine`. */
class MmcOnEngine implements EventHandler {
  busy = 0;
  waiting = 0;
  private applied = 0;

  constructor(
    private readonly engine: Engine,
    private readonly rng: Rng,
    private readonly servers: number,
    private readonly meanGap: number,
    private readonly events: number,
  ) {}

  handle(kind: number, _payload: number, time: number): void {
    if (kind === ARRIVAL) {
      this.engine.schedule(time + exponential(this.rng, this.meanGap), ARRIVAL, 0);
      if (this.busy < this.servers) {
        this.busy++;
        this.engine.schedule(time + exponential(this.rng, 1), DEPARTURE, 0);
      } else {
        this.waiting++;
      }
    } else if (this.waiting > 0) {
      this.waiting--;
      this.engine.schedule(time + exponential(this.rng, 1), DEPARTURE, 0);
    } else {
      this.busy--;
    }
    if (++this.applied === this.events) this.engine.stop();
  }

  endOfInstant(): void {}
}

export function runEngineMmc(p: MmcParams, rng: Rng): number {
  const engine = new Engine(p.servers + 2);
  const meanGap = 1 / (p.rho * p.servers);
  const model = new MmcOnEngine(engine, rng, p.servers, meanGap, p.events);
  engine.schedule(exponential(rng, meanGap), ARRIVAL, 0);
  engine.run(model);
  return model.waiting;
}
