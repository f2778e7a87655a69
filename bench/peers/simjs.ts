import { createRequire } from 'node:module';

/**
 * The part of simjs's public API (https://github.com/btelles/simjs-updated,
 * docs/*.rst) that the peer model uses. simjs ships no types.
 */
export interface SimJsRequest {
  /** Calls `callback` (with `this` = the entity, unless `context` is given) when the request completes. */
  done(callback: () => void, context?: object, argument?: unknown): SimJsRequest;
}

export interface SimJsDataSeries {
  count(): number;
  average(): number;
}

export interface SimJsPopulation {
  /** Time each member spent inside, recorded as it leaves. */
  durationSeries: SimJsDataSeries;
}

export interface SimJsSim {
  time(): number;
  /** Runs until `endTime` or until the event queue is empty. */
  simulate(endTime: number, maxEvents?: number): boolean;
  /** Constructs `Klass(sim, name)` and calls its `start(...args)`. */
  addEntity<E extends SimJsEntity>(Klass: new (sim: SimJsSim, name?: string) => E, name?: string, ...args: unknown[]): E;
  /** The future event list; `order` is its insertion counter (the FIFO tie-break). */
  readonly queue: { readonly order: number };
}

export interface SimJsEntity {
  readonly sim: SimJsSim;
  time(): number;
  setTimer(duration: number): SimJsRequest;
  useFacility(facility: SimJsFacility, duration: number): SimJsRequest;
}

export interface SimJsFacility {
  /** Population of requests in the facility, queue and service. */
  systemStats(): SimJsPopulation;
  /** Population of requests in the facility's waiting line (a request served at once waits 0). */
  queueStats(): SimJsPopulation;
}

export interface SimJsRandom {
  /** An exponential variate of rate `lambda` (mean 1 / lambda). */
  exponential(lambda: number): number;
}

export interface SimJs {
  Sim: new () => SimJsSim;
  Entity: new (sim: SimJsSim, name?: string) => SimJsEntity;
  Facility: {
    new (name: string, discipline?: number, servers?: number, maxqlen?: number): SimJsFacility;
    readonly FCFS: number;
  };
  Random: new (seed?: number) => SimJsRandom;
}

const require = createRequire(import.meta.url);
let loaded: SimJs | undefined;

/**
 * Loads simjs 2.x. Its npm build is a browserify bundle without a
 * standalone wrapper: `require('simjs')` returns `{}`, and the library is
 * reachable only through the `window.Sim` it assigns when a `window`
 * exists. So a `window` is lent for the duration of the load (once: a
 * second `require` would return the cached `{}` without running the bundle).
 */
export function loadSimJs(): SimJs {
  if (loaded !== undefined) return loaded;
  const g = globalThis as { window?: { Sim?: SimJs } };
  if (g.window !== undefined) throw new Error('loadSimJs: a global `window` already exists');
  g.window = {};
  try {
    require('simjs');
    const sim = g.window.Sim;
    if (sim === undefined) throw new Error('simjs did not define window.Sim: is simjs 2.x installed (npm ci)?');
    loaded = sim;
    return sim;
  } finally {
    delete g.window;
  }
}

export function simJsVersion(): string {
  return (require('simjs/package.json') as { version: string }).version;
}

export interface SimJsMmcResult {
  arrivals: number;
  completions: number;
  /** Requests taken off simjs's future event list (its insertion counter). */
  kernelEvents: number;
  /** Mean wait in queue, from the facility's own queue statistics. */
  meanWaitS: number;
}

/**
 * M/M/c written the way simjs's docs write it (docs/resources.rst, "Example:
 * M/M/c Queue"): one FCFS `Facility` with c servers, and one entity whose
 * timer fires at each arrival; the arriving customer asks to use the
 * facility for an exponential service time and the entity sets the timer
 * for the next arrival. Arrivals stop after `jobs`; the run drains.
 */
export function runSimJsMmc(simjs: SimJs, servers: number, rho: number, jobs: number, seed: number): SimJsMmcResult {
  const sim = new simjs.Sim();
  const facility = new simjs.Facility('servers', simjs.Facility.FCFS, servers);
  const random = new simjs.Random(seed);
  const lambda = rho * servers;
  const mu = 1;

  class Customers extends simjs.Entity {
    arrived = 0;

    start(): void {
      // simjs calls `done` callbacks with `this` bound to the entity.
      this.setTimer(random.exponential(lambda)).done(this.arrive);
    }

    arrive(): void {
      this.useFacility(facility, random.exponential(mu));
      if (++this.arrived < jobs) this.start();
    }
  }

  const customers = sim.addEntity(Customers);
  sim.simulate(Infinity);
  return {
    arrivals: customers.arrived,
    completions: facility.systemStats().durationSeries.count(),
    kernelEvents: sim.queue.order,
    meanWaitS: facility.queueStats().durationSeries.average(),
  };
}
