/**
 * The same M/M/c queue on the bare heap (the calibration loop, in
 * src/bench) and on manychip's engine, each counting arrivals and
 * departures as events and stopping after a fixed number of them. Both draw
 * from the same Alea stream through the same exponential transform, so they
 * simulate the same sample path.
 */
import { Engine, type EventHandler } from '../../src/engine/engine.js';
import { exponential, type Rng } from '../../src/engine/rng.js';
import type { MmcParams } from '../../src/bench/calibration-loop.js';
import { parseScenario, type Scenario } from '../../src/scenario/parse-scenario.js';

export { runBareMmc, type MmcParams } from '../../src/bench/calibration-loop.js';

const ARRIVAL = 0;
const DEPARTURE = 1;

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

/**
 * The same queue as a manychip scenario, for the whole simulation: one pool
 * of c one-chip nodes, the default policy (fifo), μ = 1, λ = ρ·c, `jobs`
 * arrivals. The engine suites and the peer run measure this one scenario.
 */
export function mmcScenario(servers: number, rho: number, jobs: number): Scenario {
  return parseScenario(`
name: mmc-${servers}
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites: [{ name: s, region: here, pools: [{ chip: core, nodes: ${servers} }] }]
classes:
  job: { speed: { core: 1 }, work: { dist: exponential, mean: 1 } }
workload:
  - { class: job, origin: here, arrivals: { process: poisson, rate: ${rho * servers} }, count: ${jobs} }
`);
}
