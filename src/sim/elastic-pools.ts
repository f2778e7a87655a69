import type { ClassModel, ClusterModel, PoolModel } from '../model/cluster-model.js';
import { ElasticPoolReadView, NodeState, type ElasticNodes } from '../model/elastic-nodes.js';
import type { JobTable } from '../model/job-table.js';
import type { PoolQueues } from '../model/pool-queues.js';
import type { ReadonlyNumbers } from '../model/readonly-numbers.js';
import { ElasticField, type ElasticMeter } from '../metrics/elastic-meter.js';
import type { UsageMeter } from '../metrics/usage-meter.js';
import type { ElasticRule, RuleView } from '../policy/elastic-rules/elastic-rule.js';
import type { Sampler } from '../workload/distribution-sampler.js';
import type { CentralQueue } from './central-queue.js';
import type { NodeFailures } from './node-failures.js';
import { poolDemand, type PoolDemand } from './pool-demand.js';

/** The controller's events, which the simulation schedules and hands back (`handle`). */
export const ElasticEvent = { BootDone: 0, Stopped: 1, Timer: 2 } as const;
export type ElasticEvent = (typeof ElasticEvent)[keyof typeof ElasticEvent];

/** What the controller asks of the simulation. */
export interface ElasticHost {
  /**
   * Schedules one of the controller's events; `always` for the end of a
   * boot or a shutdown (one each, they end what was started), otherwise
   * only if something can still happen then. Returns whether it did.
   */
  scheduleElastic(time: number, event: ElasticEvent, payload: number, always: boolean): boolean;
  /** A node came into service (booted, or taken back from draining): waiting jobs get a look. */
  capacityFreed(pool: number, time: number): void;
  /** The number of a pool's nodes that can fail changed: its next failure is drawn again. */
  failuresChanged(pool: number, time: number): void;
}

/** What the controller reads of the waiting jobs (the dispatcher's queues). */
export interface WaitingJobs {
  readonly central: CentralQueue;
  readonly queues: PoolQueues;
}

/** One elastic pool under control. */
interface ControlledPool {
  readonly k: number;
  readonly pool: PoolModel;
  readonly nodes: ElasticNodes;
  readonly rule: ElasticRule;
  readonly bootS: Sampler;
  readonly view: PoolRuleView;
  /** Next evaluation of a rule on an interval. */
  nextTickAt: number;
  /** The pending timer, Infinity when none. */
  wakeAt: number;
  /** The pending end of a boot (the soonest), Infinity when none. */
  bootEventAt: number;
  /** Milli-chips of nodes not on, as last told to the `down` meter. */
  downMilli: number;
  /** Where the rule's utilisation average starts: time, in-service node-seconds, allocated milli-chip-seconds. */
  lastEvalAt: number;
  lastInServiceS: number;
  lastAllocatedMilliS: number;
}

/**
 * The controller of a run's elastic pools: it asks each pool's rule how
 * many nodes it wants and gets there — boots off nodes, cancels boots not
 * needed, powers off idle nodes once their idle timeout has passed, drains
 * busy nodes (their jobs finish first; scale-in never stops running work),
 * takes draining nodes back when capacity is wanted again — and tells the
 * meter, the failure process and the dispatcher as it goes. It also works
 * out cold starts: the first job of a class with `coldStartS` on a node
 * booted during the run loads for that long before it computes.
 *
 * Rules evaluated "after every change" are evaluated at the end of every
 * simulated instant, after the scheduling pass; rules on an interval at
 * multiples of it. Between evaluations the last count holds, so a failed
 * node is replaced at once if the rule wanted it. Nothing here scans a
 * pool's nodes: `ElasticNodes` keeps the orders the choices need.
 */
export class ElasticPools {
  private readonly pools: ControlledPool[];
  /** Per pool of the model: its index in `pools`, or -1 for a static pool. */
  private readonly byPool: Int32Array;
  /** Cold start paid by each running job that paid one, seconds. */
  private readonly coldS = new Map<number, number>();
  private readonly demand: PoolDemand = { jobs: 0, nodes: 0 };
  /** The node whose failure is being handled (its jobs leave without draining it): pool and node. */
  private failingPool = -1;
  private failingNode = -1;
  private readonly classes: readonly ClassModel[];

  constructor(
    model: ClusterModel,
    nodes: readonly ElasticNodes[],
    rules: readonly ElasticRule[],
    bootSamplers: readonly Sampler[],
    private readonly jobs: JobTable,
    private readonly meter: ElasticMeter,
    private readonly usage: UsageMeter,
    private readonly down: UsageMeter,
    private readonly failures: NodeFailures,
    private readonly host: ElasticHost,
    private readonly waiting: WaitingJobs,
  ) {
    this.classes = model.classes;
    this.byPool = new Int32Array(model.pools.length).fill(-1);
    this.pools = nodes.map((e, k) => {
      const pool = model.pools[e.pool] as PoolModel;
      this.byPool[pool.index] = k;
      meter.ruleNames[k] = (rules[k] as ElasticRule).name;
      return {
        k,
        pool,
        nodes: e,
        rule: rules[k] as ElasticRule,
        bootS: bootSamplers[k] as Sampler,
        view: new PoolRuleView(e, pool, e.spec.ruleOptions as Readonly<Record<string, unknown>>),
        nextTickAt: 0,
        wakeAt: Infinity,
        bootEventAt: Infinity,
        downMilli: 0,
        lastEvalAt: 0,
        lastInServiceS: 0,
        lastAllocatedMilliS: 0,
      };
    });
  }

  /** Whether the pool is elastic. */
  has(pool: number): boolean {
    return (this.byPool[pool] as number) >= 0;
  }

  /** Seconds of cold start the running job paid (0 for none). */
  coldStartOf(job: number): number {
    return this.coldS.get(job) ?? 0;
  }

  /** The start of the run: nodes not on count as down, and every rule is evaluated once. */
  start(now: number): void {
    for (const cp of this.pools) this.syncDown(cp, now);
    this.endOfInstant(now);
  }

  /**
   * After the scheduling pass of an instant: each pool's waiting demand is
   * measured, rules due are evaluated, and every pool moves toward what its
   * rule wants. Returns whether capacity came into service (draining nodes
   * taken back), so that the caller runs another pass.
   */
  endOfInstant(now: number): boolean {
    let added = false;
    for (const cp of this.pools) {
      const e = cp.nodes;
      const demand = poolDemand(cp.pool, this.waiting.central, this.waiting.queues.local[cp.pool.index], this.jobs, e.maxNodes + 1, this.demand);
      e.waitingNodes = demand.nodes;
      this.meter.setWaitingNodes(cp.k, now, demand.nodes);
      const interval = cp.rule.intervalS;
      if (interval === 0 || now >= cp.nextTickAt) {
        this.evaluate(cp, now, demand);
        if (interval > 0) cp.nextTickAt = (Math.floor(now / interval + 1e-9) + 1) * interval;
      }
      if (this.apply(cp, now)) added = true;
      this.scheduleBoots(cp);
      this.scheduleWake(cp, now);
    }
    return added;
  }

  /** One of the controller's events (see `ElasticEvent`). */
  handle(event: ElasticEvent, payload: number, time: number): void {
    const k = payload % this.pools.length;
    const cp = this.pools[k] as ControlledPool;
    const e = cp.nodes;
    const node = Math.floor(payload / this.pools.length);
    switch (event) {
      case ElasticEvent.BootDone: {
        // One event per pool, at its soonest boot; an event superseded by a sooner one does nothing.
        if (time !== cp.bootEventAt) return;
        cp.bootEventAt = Infinity;
        for (let next = e.soonestBoot(); next >= 0 && (e.readyAt[next] as number) <= time; next = e.soonestBoot()) e.bootDone(next, time);
        this.host.capacityFreed(cp.pool.index, time);
        this.scheduleBoots(cp);
        return;
      }
      case ElasticEvent.Stopped:
        if (e.state[node] !== NodeState.Stopping || e.offAt[node] !== time) return;
        e.stopped(node, time);
        this.syncDown(cp, time);
        return;
      case ElasticEvent.Timer:
        // The work is done at the end of the instant; a superseded timer does nothing.
        if (time === cp.wakeAt) cp.wakeAt = Infinity;
        return;
    }
  }

  /**
   * Whether waiting jobs may still get room from an elastic pool with
   * nothing else happening: a boot under way, a node draining, or a rule on
   * a clock (an interval or a schedule) that may yet boot one. A rule
   * evaluated after every change has had its say already.
   */
  couldAddCapacity(): boolean {
    for (const cp of this.pools) {
      const e = cp.nodes;
      if (e.booting > 0 || e.draining > 0 || e.stopping > 0) return true;
      if (e.canBoot() && (cp.rule.intervalS > 0 || cp.rule.nextChangeAfter !== undefined)) return true;
    }
    return false;
  }

  /**
   * A job started on the pool (placed already, before the usage meter
   * counts it): its nodes are busy. Returns the cold start it pays, seconds:
   * its class's `coldStartS` if any of its nodes has not run the class
   * since it booted, else 0.
   */
  jobStarted(job: number, pool: number, now: number): number {
    const k = this.byPool[pool] as number;
    if (k < 0) return 0;
    const cp = this.pools[k] as ControlledPool;
    const e = cp.nodes;
    const cls = this.jobs.cls[job] as number;
    const gang = this.jobs.gangNodes.get(job);
    let cold = false;
    if (gang === undefined) {
      const node = this.jobs.node[job] as number;
      e.jobStarted(node, now);
      cold = e.coldFor(node, cls);
    } else {
      for (let i = 0; i < gang.length; i++) {
        const node = gang[i] as number;
        e.jobStarted(node, now);
        // Every node of the gang loads the class: each is marked, whichever was cold.
        if (e.coldFor(node, cls)) cold = true;
      }
    }
    if (!cold) return 0;
    const seconds = (this.classes[cls] as ClassModel).coldStartS;
    this.coldS.set(job, seconds);
    this.meter.count(k, ElasticField.coldStarts);
    this.meter.count(k, ElasticField.coldStartS, seconds);
    return seconds;
  }

  /**
   * A job left the pool (released already, before the usage meter counts
   * it); `gang` is the nodes it held as a gang. A draining node it leaves
   * empty shuts down.
   */
  jobLeft(job: number, pool: number, gang: ReadonlyNumbers | undefined, now: number): void {
    this.coldS.delete(job);
    const k = this.byPool[pool] as number;
    if (k < 0) return;
    const cp = this.pools[k] as ControlledPool;
    if (gang === undefined) {
      this.left(cp, this.jobs.node[job] as number, now);
    } else {
      for (let i = 0; i < gang.length; i++) this.left(cp, gang[i] as number, now);
    }
  }

  /** A node of the pool is failing: its jobs are about to leave it (see `nodeFailed`). */
  nodeFailing(pool: number, node: number): void {
    this.failingPool = pool;
    this.failingNode = node;
  }

  /** The failing node's jobs are gone: it is out until repaired. The failure process has taken it off its up list already. */
  nodeFailed(pool: number, node: number, now: number): void {
    this.failingPool = -1;
    this.failingNode = -1;
    const cp = this.pools[this.byPool[pool] as number] as ControlledPool;
    cp.nodes.fail(node, now);
    this.meter.count(cp.k, ElasticField.failures);
    this.syncDown(cp, now);
  }

  /** A failed node is repaired: it is off, ready to boot when the rule wants it. */
  nodeRepaired(pool: number, node: number, now: number): void {
    const cp = this.pools[this.byPool[pool] as number] as ControlledPool;
    cp.nodes.repaired(node, now);
  }

  private left(cp: ControlledPool, node: number, now: number): void {
    const emptiedDraining = cp.nodes.jobLeft(node, now);
    if (!emptiedDraining || (cp.pool.index === this.failingPool && node === this.failingNode)) return;
    cp.nodes.drained(node, now, cp.nodes.spec.shutdownS);
    this.poweredOff(cp, node, now);
  }

  /** Asks the pool's rule for a count, clamped to minNodes..maxNodes. */
  private evaluate(cp: ControlledPool, now: number, demand: PoolDemand): void {
    const e = cp.nodes;
    const v = cp.view;
    const allocatedChips = (this.usage.allocated[cp.pool.index] as number) / 1000;
    v.now = now;
    v.waitingJobs = demand.jobs;
    v.allocatedChips = allocatedChips;
    if (cp.rule.readsUtilisation) this.utilisation(cp, now, allocatedChips);
    const wanted = cp.rule.desired(v);
    e.lastDesired = Math.min(e.maxNodes, Math.max(e.minNodes, Math.ceil(wanted)));
  }

  /** The pool's utilisation for its rule: allocated chips over chips in service, averaged since the last evaluation. */
  private utilisation(cp: ControlledPool, now: number, allocatedChips: number): void {
    const e = cp.nodes;
    const v = cp.view;
    const inServiceS = this.meter.valueAt(cp.k, ElasticField.inServiceS, now);
    const allocatedMilliS = this.usage.integralAt(cp.pool.index, now);
    const inService = e.idle + e.busy + e.draining;
    // Averaged since the last evaluation; at the same instant, as it is now.
    const spanS = inServiceS - cp.lastInServiceS;
    v.utilisation =
      now > cp.lastEvalAt
        ? spanS > 0
          ? (allocatedMilliS - cp.lastAllocatedMilliS) / 1000 / (spanS * cp.pool.chipsPerNode)
          : NaN
        : inService > 0
          ? allocatedChips / (inService * cp.pool.chipsPerNode)
          : NaN;
    cp.lastEvalAt = now;
    cp.lastInServiceS = inServiceS;
    cp.lastAllocatedMilliS = allocatedMilliS;
  }

  /**
   * Moves the pool toward its rule's last count. Up: draining nodes are
   * taken back first (newest first), then off nodes boot. Down: boots are
   * cancelled first (the one started last first); then, out of
   * cooldown, idle nodes past their idle timeout power off (newest first),
   * and busy nodes beyond what the idle ones will free are drained (newest
   * first). Returns whether a node came into service.
   */
  private apply(cp: ControlledPool, now: number): boolean {
    const e = cp.nodes;
    const spec = e.spec;
    const wanted = e.lastDesired;
    let active = e.active;
    let added = false;
    if (wanted > active) {
      let grew = false;
      for (let node = e.newestDraining(); active < wanted && node >= 0; node = e.newestDraining()) {
        e.reclaim(node, now);
        this.meter.count(cp.k, ElasticField.reclaims);
        active++;
        added = true;
        grew = true;
      }
      for (; active < wanted && e.canBoot(); active++) {
        this.boot(cp, now);
        grew = true;
      }
      if (grew) e.cooldownUntil = now + spec.cooldownS;
      if (added) this.host.capacityFreed(cp.pool.index, now);
    } else if (wanted < active) {
      for (let node = e.latestBoot(); active > wanted && node >= 0; node = e.latestBoot()) {
        e.cancelBoot(node, now);
        this.meter.count(cp.k, ElasticField.cancelledBoots);
        this.leaveFailures(cp, node, now);
        active--;
      }
      if (active > wanted && now >= e.cooldownUntil) {
        e.expireIdle(now);
        for (let node = e.newestExpired(); active > wanted && node >= 0; node = e.newestExpired()) {
          e.powerOff(node, now, spec.shutdownS);
          this.poweredOff(cp, node, now);
          active--;
        }
        // Idle nodes not yet past their timeout will go when it passes: drain only the busy nodes beyond them.
        for (let excess = active - wanted - e.idle; excess > 0; excess--) {
          const node = e.newestBusy();
          if (node < 0) break;
          e.drain(node, now);
          this.meter.count(cp.k, ElasticField.drains);
          active--;
        }
      }
    }
    this.syncDown(cp, now);
    return added;
  }

  private boot(cp: ControlledPool, now: number): void {
    const readyAt = now + Math.max(0, cp.bootS());
    const node = cp.nodes.startBoot(now, readyAt);
    this.meter.count(cp.k, ElasticField.boots);
    if (this.failures.fails(cp.pool.index)) {
      this.failures.join(cp.pool.index, node);
      this.host.failuresChanged(cp.pool.index, now);
    }
  }

  /**
   * Keeps one event per pool at its soonest boot, rather than one per boot:
   * most boots of the demand rule are cancelled within moments, and would
   * leave an event each behind.
   */
  private scheduleBoots(cp: ControlledPool): void {
    const next = cp.nodes.nextReadyAt();
    if (next < cp.bootEventAt) {
      cp.bootEventAt = next;
      this.host.scheduleElastic(next, ElasticEvent.BootDone, cp.k, true);
    }
  }

  /** A node left service for good (powered off or drained): it stops, at once or after `shutdownS`. */
  private poweredOff(cp: ControlledPool, node: number, now: number): void {
    this.meter.count(cp.k, ElasticField.powerOffs);
    this.leaveFailures(cp, node, now);
    const e = cp.nodes;
    if (e.state[node] === NodeState.Stopping) this.host.scheduleElastic(e.offAt[node] as number, ElasticEvent.Stopped, this.payload(cp, node), true);
    this.syncDown(cp, now);
  }

  private leaveFailures(cp: ControlledPool, node: number, now: number): void {
    if (!this.failures.fails(cp.pool.index)) return;
    this.failures.leave(cp.pool.index, node);
    this.host.failuresChanged(cp.pool.index, now);
  }

  /**
   * Sets the pool's timer: its next interval, its schedule's next step,
   * and — while it has more nodes than its rule wants and some are idle —
   * the end of its cooldown or the next idle timeout.
   */
  private scheduleWake(cp: ControlledPool, now: number): void {
    const e = cp.nodes;
    let wake = cp.rule.intervalS > 0 ? cp.nextTickAt : Infinity;
    const step = cp.rule.nextChangeAfter?.(now) ?? Infinity;
    if (step < wake) wake = step;
    if (e.active > e.lastDesired && e.idle > 0) {
      const at = now < e.cooldownUntil ? e.cooldownUntil : e.expireIdle(now);
      if (at < wake) wake = at;
    }
    if (wake < cp.wakeAt && this.host.scheduleElastic(wake, ElasticEvent.Timer, cp.k, false)) cp.wakeAt = wake;
  }

  /** Tells the `down` meter about nodes not on (off or failed): utilisation and idle energy count only nodes on. */
  private syncDown(cp: ControlledPool, now: number): void {
    const downMilli = (cp.pool.nodes - cp.nodes.on) * cp.pool.milliPerNode;
    if (downMilli === cp.downMilli) return;
    this.down.change(cp.pool.index, downMilli - cp.downMilli, now);
    cp.downMilli = downMilli;
  }

  private payload(cp: ControlledPool, node: number): number {
    return node * this.pools.length + cp.k;
  }
}

/** What a rule reads of its pool: live counts from `ElasticNodes` (read-only), the rest set before each evaluation. */
class PoolRuleView extends ElasticPoolReadView implements RuleView {
  now = 0;
  waitingJobs = 0;
  allocatedChips = 0;
  utilisation = NaN;
  readonly name: string;
  readonly chipsPerNode: number;
  readonly #e: ElasticNodes;

  constructor(
    e: ElasticNodes,
    pool: PoolModel,
    readonly options: Readonly<Record<string, unknown>>,
  ) {
    super(e);
    this.#e = e;
    this.name = pool.name;
    this.chipsPerNode = pool.chipsPerNode;
  }

  get lastDesired(): number {
    return this.#e.lastDesired;
  }
}
