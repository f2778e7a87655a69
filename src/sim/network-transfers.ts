import type { ClusterModel, NetworkModel, PoolModel } from '../model/cluster-model.js';
import type { JobTable } from '../model/job-table.js';
import type { NetworkRecord } from '../metrics/network-results.js';
import type { Route } from '../scenario/network-routes.js';
import { FlowNetwork } from './flow-network.js';
import { StreamedStatistic, type QuantileMethod } from '../metrics/streamed-statistic.js';
import type { TransferEstimator } from '../model/execution.js';

/** What the transfers call back into: the simulation. */
export interface TransferHost {
  /** The job's input has arrived at its pool: it computes now. */
  inputArrived(job: number, time: number): void;
  /** The job's output has arrived at its origin: it completes now. */
  outputArrived(job: number, time: number): void;
  /** Asks for a network event at `time` (the flows' next change). */
  scheduleNetwork(time: number): void;
  /** A transfer ended: it arrived, or its job lost its place first (before the job's own callbacks). */
  transferEnded(job: number, start: number, time: number, output: boolean, arrived: boolean, gb: number): void;
  /** The simulation's clock, for estimates made between events. */
  readonly clock: { readonly now: number };
}


/**
 * The jobs' transfers over a shared network (issue 18): a job placed
 * outside its origin region moves its input over its route before it
 * computes, and its output back after; each transfer is a flow of the
 * `FlowNetwork`, sharing link capacity with the others. Keeps, per job
 * under way (by serial, since slots are recycled), the flow it waits for
 * and the seconds it has spent moving data.
 */
export class NetworkTransfers implements TransferEstimator {
  private readonly flows: FlowNetwork;
  /** Per serial: the flow the job waits for, when it starts (s) and whether it is its output. */
  private readonly waiting = new Map<number, { flow: number; since: number; output: boolean; gb: number }>();
  /** Per serial: seconds spent moving data so far. */
  private readonly movedS = new Map<number, number>();
  /** Per serial: the job's slot while its output travels without chips held (cut at the end of the run). */
  private readonly detached = new Map<number, number>();
  private readonly nSites: number;
  private scheduledAt = NaN;
  /** GB and times of the transfers that arrived, each way (times as a statistic: sketched or exact, as the run's quantiles). */
  private readonly inputs: { gb: number; times: StreamedStatistic };
  private readonly outputs: { gb: number; times: StreamedStatistic };
  private readonly completed = { jobs: 0, transferS: 0, jctS: 0 };

  constructor(
    private readonly model: ClusterModel,
    private readonly net: NetworkModel,
    private readonly jobs: JobTable,
    private readonly host: TransferHost,
    quantiles: QuantileMethod,
  ) {
    this.flows = new FlowNetwork(net.linkGbps);
    this.inputs = { gb: 0, times: new StreamedStatistic(quantiles, 1, 1) };
    this.outputs = { gb: 0, times: new StreamedStatistic(quantiles, 1, 1) };
    this.nSites = model.sites.length;
  }

  /** Transfers not yet arrived. */
  get active(): number {
    return this.flows.active;
  }

  /**
   * What moving `gb` between the job's origin and the pool would take if it
   * started now: the route's one-way latency, then its bytes shared with
   * the flows under way as they are now, until it has moved them (see
   * `FlowNetwork.expectedS`). Undefined where no data moves over links
   * (inside the origin region, or no route).
   */
  expectedS(job: number, pool: PoolModel, gb: number): number | undefined {
    const route = this.routeFor(job, pool, gb);
    if (route === undefined) return undefined;
    return route.latencyMs / 1000 + this.flows.expectedS(route.links, gb, this.shareOf(route), this.host.clock.now);
  }

  /** Starts moving the job's input to the pool, if it has any to move there; false when it computes at once. */
  startInput(job: number, pool: PoolModel, time: number): boolean {
    return this.start(job, pool, this.jobs.inputGB[job] as number, false, time);
  }

  /** Starts moving the job's output back to its origin, if any; false when it completes at once. */
  startOutput(job: number, pool: PoolModel, time: number): boolean {
    return this.start(job, pool, this.outputGB(job), true, time);
  }

  /** Whether the job keeps its chips while its output travels. */
  holdsDuringOutput(job: number): boolean {
    return this.model.classes[this.jobs.cls[job] as number]?.holdDuringOutput === true;
  }

  /** The job gave its chips back and its output travels on: it is cut at the end of the run if still under way. */
  detach(job: number): void {
    this.detached.set(this.jobs.serial[job] as number, job);
  }

  /** Jobs whose output travels without chips held, in arrival order. */
  travelling(): number[] {
    return [...this.detached.entries()].sort((a, b) => a[0] - b[0]).map(([, job]) => job);
  }

  /** The job lost its place (preempted, evicted, cut): the transfer it waited for stops and others speed up. */
  cancel(job: number, time: number): void {
    const serial = this.jobs.serial[job] as number;
    const w = this.waiting.get(serial);
    if (w === undefined) return;
    this.waiting.delete(serial);
    this.detached.delete(serial);
    this.flows.cancel(w.flow, time);
    this.host.transferEnded(job, w.since, time, w.output, false, w.gb);
    this.addMoved(serial, time - w.since);
    this.reschedule();
  }

  /** Seconds the job has spent moving data (its life's figure; call before it is retired), and forgets it. */
  endOf(job: number, time: number, completed: boolean): number {
    const serial = this.jobs.serial[job] as number;
    const moved = this.movedS.get(serial) ?? 0;
    this.movedS.delete(serial);
    this.detached.delete(serial);
    if (completed) {
      this.completed.jobs++;
      this.completed.transferS += moved;
      this.completed.jctS += time - (this.jobs.arrival[job] as number);
    }
    return moved;
  }

  /** A network event at `time`: applies the flows' changes and calls back for what arrived. */
  advance(time: number): void {
    if (time === this.scheduledAt) this.scheduledAt = NaN;
    this.flows.advance(time, (job) => {
      const serial = this.jobs.serial[job] as number;
      const w = this.waiting.get(serial);
      if (w === undefined) return;
      this.waiting.delete(serial);
      const took = time - w.since;
      this.addMoved(serial, took);
      const tally = w.output ? this.outputs : this.inputs;
      tally.gb += w.gb;
      tally.times.add(took, 0, 0);
      this.host.transferEnded(job, w.since, time, w.output, true, w.gb);
      if (w.output) {
        this.detached.delete(serial);
        this.host.outputArrived(job, time);
      } else this.host.inputArrived(job, time);
    });
    this.reschedule();
  }

  /** Cumulative GB each link has carried up to `time` (the time series' snapshots). */
  carriedGB(time: number): Float64Array {
    return Float64Array.from(this.flows.linkTotals(time).gb);
  }

  figures(endTime: number): NetworkRecord {
    const { gb, busyS } = this.flows.linkTotals(endTime);
    return {
      sharing: this.net.sharing,
      windowS: endTime,
      links: this.net.linkNames.map((name, i) => ({ name, gbps: this.net.linkGbps[i] as number, gbMoved: gb[i] as number, busyS: busyS[i] as number })),
      inputs: { gb: this.inputs.gb, timeS: this.inputs.times.summary() },
      outputs: { gb: this.outputs.gb, timeS: this.outputs.times.summary() },
      completed: { ...this.completed },
      recomputations: this.flows.recomputations,
      flowsRecomputed: this.flows.flowsRecomputed,
    };
  }

  /** Whether the job has output to move back from the pool. */
  needsOutput(job: number, pool: PoolModel): boolean {
    return this.routeFor(job, pool, this.outputGB(job)) !== undefined;
  }

  /** The fee for moving the job's output back from the pool (per GB as for its input). */
  outputFee(job: number, pool: PoolModel): number {
    return this.outputGB(job) * (this.model.dataFeePerGB[(this.jobs.origin[job] as number) * this.nSites + pool.site] as number);
  }

  /** GB of output a job of its class sends back. */
  private outputGB(job: number): number {
    return this.model.classes[this.jobs.cls[job] as number]?.outputGB ?? 0;
  }

  private routeFor(job: number, pool: PoolModel, gb: number): Route | undefined {
    if (gb <= 0) return undefined;
    const pair = (this.jobs.origin[job] as number) * this.nSites + pool.site;
    // Inside the origin region data moves at once, as without links (transferSPerGB is 0 there).
    if ((this.model.transferSPerGB[pair] as number) === 0) return undefined;
    const route = this.net.routes[pair];
    return route === undefined || route.links.length === 0 ? undefined : route;
  }

  private start(job: number, pool: PoolModel, gb: number, output: boolean, time: number): boolean {
    const route = this.routeFor(job, pool, gb);
    if (route === undefined) return false;
    const flow = this.flows.start(job, route.links, gb, route.latencyMs / 1000, this.shareOf(route), time);
    this.waiting.set(this.jobs.serial[job] as number, { flow, since: time, output, gb });
    this.reschedule();
    return true;
  }

  /** LV08 weighs a flow by its route's latency: the longer the route, the smaller the share. */
  private shareOf(route: Route): number {
    return this.net.sharing === 'rtt-weighted' ? 1 / Math.max(route.latencyMs, 1e-3) : 1;
  }

  private addMoved(serial: number, s: number): void {
    this.movedS.set(serial, (this.movedS.get(serial) ?? 0) + s);
  }

  /** Keeps one network event ahead of the flows' next change (a stale one does nothing when it pops). */
  private reschedule(): void {
    const next = this.flows.nextTime();
    if (next === Infinity || next === this.scheduledAt) return;
    this.scheduledAt = next;
    this.host.scheduleNetwork(next);
  }
}
