import type { ClassModel, ElasticModel, PoolModel } from './cluster-model.js';
import type { ClusterState } from './cluster-state.js';
import { IndexedHeap } from './indexed-heap.js';

/**
 * Where a node of an elastic pool is in its life: `Draining`, its jobs run
 * on and nothing new starts on it; `Stopping`, shutting down (`shutdownS`),
 * still on and billed.
 */
export const NodeState = { Off: 0, Booting: 1, Idle: 2, Busy: 3, Draining: 4, Stopping: 5, Failed: 6 } as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

/**
 * What policies and rules may read of an elastic pool: how many nodes are
 * in each state, and when the booting ones will be ready. Nothing here
 * changes the pool.
 */
export interface ElasticPoolView {
  readonly pool: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  /** Nodes on: booting, idle, busy, draining or stopping (billed, drawing power). */
  readonly on: number;
  readonly booting: number;
  /** Nodes in service with no job. */
  readonly idle: number;
  /** Nodes in service running at least one job. */
  readonly busy: number;
  /** Nodes leaving: finishing their jobs with nothing new placed on them. */
  readonly draining: number;
  /** Nodes shutting down (`shutdownS`): on and billed, out of service. */
  readonly stopping: number;
  readonly off: number;
  /** Nodes down for repair (not on, not available to boot). */
  readonly failed: number;
  /** Mean boot time, seconds: what a new boot is expected to take. */
  readonly bootMeanS: number;
  /** Nodes' worth of waiting jobs that could use the pool, at the rule's last evaluation. */
  readonly waitingNodes: number;
  /** The soonest time a booting node will be ready; Infinity when none is booting. */
  nextReadyAt(): number;
  /** When each booting node will be ready, soonest first (allocates; not for hot paths). */
  readyTimes(): number[];
  /** Whether one more node could start booting now (off nodes left, under maxNodes and maxBootsInFlight). */
  canBoot(): boolean;
}

/**
 * The nodes of one elastic pool: each node's state and the counts by state,
 * and the orders the pool's controller picks nodes by, each kept so that a
 * change costs O(log nodes) at most and nothing scans the pool:
 * - off nodes on a stack (the next boot takes the one turned off last);
 * - booting nodes by start, newest on top (cancel the one started last:
 *   choosing by ready time would use what no controller knows, and with
 *   exponential boots it would beat the M/M/k/setup model), and by ready
 *   time (show policies the one ready first);
 * - idle nodes in the order they became idle (their timeouts come due in
 *   that order), and those past their timeout by readiness, newest first;
 * - nodes in service in the order they became ready (drain the newest).
 * It also keeps, per node, which classes have paid their cold start since
 * the node booted. It holds state only: when to boot, cancel, power off
 * or drain is the controller's call (`sim/elastic-pools.ts`).
 *
 * Every change calls `beforeChange(now)` first, so that meters integrate
 * the counts as they were up to `now`.
 */
export class ElasticNodes implements ElasticPoolView {
  readonly pool: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly bootMeanS: number;
  readonly spec: ElasticModel;
  readonly state: Uint8Array;
  /** Jobs running on each node (a gang counts on each of its nodes). */
  readonly jobsOn: Int32Array;
  readonly readyAt: Float64Array;
  readonly bootStartedAt: Float64Array;
  /** When a stopping node will be off. */
  readonly offAt: Float64Array;
  readonly idleSince: Float64Array;
  booting = 0;
  idle = 0;
  busy = 0;
  /** Cordoned nodes still running jobs. */
  draining = 0;
  stopping = 0;
  failed = 0;
  waitingNodes = 0;
  /** The rule's last count of nodes wanted (clamped to minNodes..maxNodes). */
  lastDesired = 0;
  /** No node is powered off or drained before this time (cooldownS after a scale-up). */
  cooldownUntil = -Infinity;
  beforeChange: (now: number) => void = () => {};
  /** What policies may see of the pool: live counts, nothing that changes them. */
  readonly view: ElasticPoolView;

  private readonly offStack: Int32Array;
  private offCount = 0;
  private readonly bootsByStart: IndexedHeap;
  private readonly bootsBySoon: IndexedHeap;
  /** Idle nodes past their idle timeout, newest (highest readiness rank) on top. */
  private readonly expired: IndexedHeap;
  /** Draining nodes, newest on top. */
  private readonly drainingNodes: IndexedHeap;
  private readonly rank: Float64Array;
  private nextRank: number;
  // Idle nodes in the order they became idle, as (node, since) pairs; stale pairs are skipped.
  private idleNodes = new Int32Array(64);
  private idleTimes = new Float64Array(64);
  private idleHead = 0;
  private idleTail = 0;
  /** When the oldest queued idle node's timeout passes (Infinity with none queued): `expireIdle` has nothing to do before. */
  private idleDueAt = Infinity;
  // Nodes in service (idle or busy) as a list in readiness order, newest last.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private last = -1;
  /** Per node × class with a cold start: 1 once that class paid it since the node booted. */
  private readonly warm: Uint8Array;
  private readonly coldSlot: Int32Array;
  private readonly coldClasses: number;

  constructor(
    pool: PoolModel,
    classes: readonly ClassModel[],
    private readonly cluster: ClusterState,
  ) {
    const e = pool.elastic;
    if (e === undefined) throw new RangeError(`pool ${pool.name} is not elastic`);
    const n = pool.nodes;
    this.pool = pool.index;
    this.spec = e;
    this.minNodes = e.minNodes;
    this.maxNodes = e.maxNodes;
    this.bootMeanS = e.bootMeanS;
    this.state = new Uint8Array(n);
    this.jobsOn = new Int32Array(n);
    this.readyAt = new Float64Array(n).fill(Infinity);
    this.bootStartedAt = new Float64Array(n);
    this.offAt = new Float64Array(n).fill(Infinity);
    this.idleSince = new Float64Array(n);
    this.rank = new Float64Array(n);
    this.offStack = new Int32Array(n);
    this.bootsByStart = new IndexedHeap(n);
    this.bootsBySoon = new IndexedHeap(n);
    this.expired = new IndexedHeap(n);
    this.drainingNodes = new IndexedHeap(n);
    this.prev = new Int32Array(n).fill(-1);
    this.next = new Int32Array(n).fill(-1);
    this.coldSlot = new Int32Array(classes.length).fill(-1);
    let slots = 0;
    for (const c of classes) if (c.coldStartS > 0) this.coldSlot[c.index] = slots++;
    this.coldClasses = slots;
    this.warm = new Uint8Array(n * slots);
    // The nodes on at the start are ready and warm; the rest are off, the lowest numbered to boot first.
    for (let node = n - 1; node >= e.startNodes; node--) {
      this.offStack[this.offCount++] = node;
      cluster.disable(pool.index, node);
    }
    for (let node = 0; node < e.startNodes; node++) {
      this.state[node] = NodeState.Idle;
      this.rank[node] = node;
      this.append(node);
      this.pushIdle(node, 0);
    }
    this.warm.fill(1, 0, e.startNodes * slots);
    this.idle = e.startNodes;
    this.nextRank = e.startNodes;
    this.lastDesired = e.startNodes;
    this.view = new ElasticPoolReadView(this);
  }

  get on(): number {
    return this.booting + this.idle + this.busy + this.draining + this.stopping;
  }

  /** Nodes that are or will be in service: booting, idle, busy. */
  get active(): number {
    return this.booting + this.idle + this.busy;
  }

  get off(): number {
    return this.offCount;
  }

  /** Idle nodes past their idle timeout. */
  get expiredCount(): number {
    return this.expired.size;
  }

  nextReadyAt(): number {
    return this.bootsBySoon.topKey();
  }

  readyTimes(): number[] {
    return this.bootsBySoon
      .items()
      .map((node) => this.readyAt[node] as number)
      .sort((a, b) => a - b);
  }

  canBoot(): boolean {
    return this.offCount > 0 && this.on < this.maxNodes && this.booting < this.spec.bootsInFlight;
  }

  /** Starts booting an off node (there must be one); it will be ready at `readyAt`. Returns the node. */
  startBoot(now: number, readyAt: number): number {
    if (this.offCount === 0) throw new RangeError('no node is off');
    this.beforeChange(now);
    const node = this.offStack[--this.offCount] as number;
    this.state[node] = NodeState.Booting;
    this.readyAt[node] = readyAt;
    this.bootStartedAt[node] = now;
    this.bootsByStart.push(node, -now);
    this.bootsBySoon.push(node, readyAt);
    this.booting++;
    return node;
  }

  /** The booting node that will be ready first, or -1. */
  soonestBoot(): number {
    return this.bootsBySoon.top();
  }

  /** The booting node that started last (the one to cancel first; ties to the lowest number), or -1. */
  latestBoot(): number {
    return this.bootsByStart.top();
  }

  /** Cancels a boot: the node goes back off. */
  cancelBoot(node: number, now: number): void {
    this.expect(node, NodeState.Booting);
    this.beforeChange(now);
    this.leaveBooting(node);
    this.toOff(node);
  }

  /** A boot completes: the node is in service, idle, cold for every class. */
  bootDone(node: number, now: number): void {
    this.expect(node, NodeState.Booting);
    this.beforeChange(now);
    this.leaveBooting(node);
    this.cluster.enable(this.pool, node);
    this.state[node] = NodeState.Idle;
    this.idle++;
    this.rank[node] = this.nextRank++;
    this.append(node);
    this.pushIdle(node, now);
    if (this.coldClasses > 0) this.warm.fill(0, node * this.coldClasses, (node + 1) * this.coldClasses);
  }

  /** A job started on the node. */
  jobStarted(node: number, now: number): void {
    this.beforeChange(now);
    this.jobsOn[node] = (this.jobsOn[node] as number) + 1;
    if (this.state[node] === NodeState.Idle) {
      this.state[node] = NodeState.Busy;
      this.idle--;
      this.busy++;
      this.expired.remove(node);
    }
  }

  /**
   * A job left the node. Returns true when that emptied a draining node,
   * which the controller then shuts down.
   */
  jobLeft(node: number, now: number): boolean {
    this.beforeChange(now);
    const left = (this.jobsOn[node] as number) - 1;
    this.jobsOn[node] = left;
    if (left > 0) return false;
    if (this.state[node] === NodeState.Busy) {
      this.state[node] = NodeState.Idle;
      this.busy--;
      this.idle++;
      this.pushIdle(node, now);
      return false;
    }
    return this.state[node] === NodeState.Draining;
  }

  /**
   * Idle nodes whose idle timeout has passed by `now` join the expired
   * ones; returns when the next will, or Infinity. O(1) until then: the
   * answer is kept (a node that went busy meanwhile only makes it early).
   */
  expireIdle(now: number): number {
    if (now < this.idleDueAt) return this.idleDueAt;
    const timeoutS = this.spec.idleTimeoutS;
    while (this.idleHead < this.idleTail) {
      const node = this.idleNodes[this.idleHead] as number;
      const since = this.idleTimes[this.idleHead] as number;
      const current = this.state[node] === NodeState.Idle && this.idleSince[node] === since && !this.expired.has(node);
      if (current && since + timeoutS > now) return (this.idleDueAt = since + timeoutS);
      this.idleHead++;
      if (current) this.expired.push(node, -(this.rank[node] as number));
    }
    this.idleHead = 0;
    this.idleTail = 0;
    return (this.idleDueAt = Infinity);
  }

  /** The newest idle node past its timeout, or -1. */
  newestExpired(): number {
    return this.expired.top();
  }

  /**
   * Powers off an idle node: out of service at once, off after
   * `shutdownS` (stopping until then, see `stopped`).
   */
  powerOff(node: number, now: number, shutdownS: number): void {
    this.expect(node, NodeState.Idle);
    this.beforeChange(now);
    this.idle--;
    this.expired.remove(node);
    this.unlink(node);
    this.cluster.disable(this.pool, node);
    this.toStopping(node, now, shutdownS);
  }

  /** The newest busy node (the next to drain), or -1; walks past idle ones. */
  newestBusy(): number {
    for (let node = this.last; node >= 0; node = this.prev[node] as number) if (this.state[node] === NodeState.Busy) return node;
    return -1;
  }

  /** Drains a busy node: its jobs run on, nothing new starts on it; it powers off when empty. */
  drain(node: number, now: number): void {
    this.expect(node, NodeState.Busy);
    this.beforeChange(now);
    this.busy--;
    this.draining++;
    this.state[node] = NodeState.Draining;
    this.unlink(node);
    this.drainingNodes.push(node, -(this.rank[node] as number));
    this.cluster.cordon(this.pool, node);
  }

  /** The newest draining node that still runs jobs, or -1: taking one back is cheaper than a boot. */
  newestDraining(): number {
    return this.drainingNodes.top();
  }

  /** Takes a draining node back into service (counted as the newest). */
  reclaim(node: number, now: number): void {
    this.expect(node, NodeState.Draining);
    this.beforeChange(now);
    this.draining--;
    this.drainingNodes.remove(node);
    this.busy++;
    this.state[node] = NodeState.Busy;
    this.rank[node] = this.nextRank++;
    this.append(node);
    this.cluster.uncordon(this.pool, node);
  }

  /** A draining node has emptied: out of service, off after `shutdownS`. */
  drained(node: number, now: number, shutdownS: number): void {
    this.expect(node, NodeState.Draining);
    this.beforeChange(now);
    this.draining--;
    this.drainingNodes.remove(node);
    this.cluster.disable(this.pool, node);
    this.toStopping(node, now, shutdownS);
  }

  /** A stopping node is off. */
  stopped(node: number, now: number): void {
    this.expect(node, NodeState.Stopping);
    this.beforeChange(now);
    this.stopping--;
    this.offAt[node] = Infinity;
    this.toOff(node);
  }

  /**
   * A node that was on failed; its jobs must be gone already. It is out of
   * service until repaired, and then off.
   */
  fail(node: number, now: number): void {
    this.beforeChange(now);
    switch (this.state[node]) {
      case NodeState.Booting:
        this.leaveBooting(node);
        break;
      case NodeState.Idle:
        this.idle--;
        this.expired.remove(node);
        this.unlink(node);
        this.cluster.disable(this.pool, node);
        break;
      case NodeState.Busy:
        this.busy--;
        this.unlink(node);
        this.cluster.disable(this.pool, node);
        break;
      case NodeState.Draining:
        this.draining--;
        this.drainingNodes.remove(node);
        this.cluster.disable(this.pool, node);
        break;
      case NodeState.Stopping:
        this.stopping--;
        this.offAt[node] = Infinity;
        break;
      default:
        throw new RangeError(`node ${node} of pool ${this.pool} is not on`);
    }
    this.jobsOn[node] = 0;
    this.state[node] = NodeState.Failed;
    this.failed++;
  }

  /** A failed node is repaired: it is off, ready to boot. */
  repaired(node: number, now: number): void {
    this.expect(node, NodeState.Failed);
    this.beforeChange(now);
    this.failed--;
    this.toOff(node);
  }

  /** Whether a job of class `cls` starting on the node pays the class's cold start (and marks it paid). */
  coldFor(node: number, cls: number): boolean {
    const slot = this.coldSlot[cls] as number;
    if (slot < 0) return false;
    const k = node * this.coldClasses + slot;
    if (this.warm[k] === 1) return false;
    this.warm[k] = 1;
    return true;
  }

  private leaveBooting(node: number): void {
    this.bootsByStart.remove(node);
    this.bootsBySoon.remove(node);
    this.readyAt[node] = Infinity;
    this.booting--;
  }

  private toStopping(node: number, now: number, shutdownS: number): void {
    if (shutdownS > 0) {
      this.state[node] = NodeState.Stopping;
      this.offAt[node] = now + shutdownS;
      this.stopping++;
    } else {
      this.toOff(node);
    }
  }

  private toOff(node: number): void {
    this.state[node] = NodeState.Off;
    this.jobsOn[node] = 0;
    this.offStack[this.offCount++] = node;
  }

  private pushIdle(node: number, now: number): void {
    this.idleSince[node] = now;
    // Later than every node queued before it: it moves the next timeout only in an empty queue.
    if (this.idleHead === this.idleTail) this.idleDueAt = now + this.spec.idleTimeoutS;
    if (this.idleTail === this.idleNodes.length) {
      if (this.idleHead > 0) {
        // Reuse the consumed front before growing.
        this.idleNodes.copyWithin(0, this.idleHead, this.idleTail);
        this.idleTimes.copyWithin(0, this.idleHead, this.idleTail);
        this.idleTail -= this.idleHead;
        this.idleHead = 0;
      }
      if (this.idleTail === this.idleNodes.length) {
        const nodes = new Int32Array(this.idleNodes.length * 2);
        nodes.set(this.idleNodes);
        this.idleNodes = nodes;
        const times = new Float64Array(this.idleTimes.length * 2);
        times.set(this.idleTimes);
        this.idleTimes = times;
      }
    }
    this.idleNodes[this.idleTail] = node;
    this.idleTimes[this.idleTail] = now;
    this.idleTail++;
  }

  private append(node: number): void {
    this.prev[node] = this.last;
    this.next[node] = -1;
    if (this.last >= 0) this.next[this.last] = node;
    this.last = node;
  }

  private unlink(node: number): void {
    const p = this.prev[node] as number;
    const n = this.next[node] as number;
    if (p >= 0) this.next[p] = n;
    if (n >= 0) this.prev[n] = p;
    else this.last = p;
    this.prev[node] = -1;
    this.next[node] = -1;
  }

  private expect(node: number, state: NodeState): void {
    if (this.state[node] !== state) throw new RangeError(`node ${node} of pool ${this.pool} is in state ${this.state[node] as number}, not ${state}`);
  }
}

/**
 * An elastic pool's nodes as policies and rules see them: getters over the
 * live counts. The pool itself is held in a true private field, so that a
 * user's module cannot reach the methods that change it.
 */
export class ElasticPoolReadView implements ElasticPoolView {
  readonly #e: ElasticNodes;

  constructor(e: ElasticNodes) {
    this.#e = e;
  }

  get pool(): number {
    return this.#e.pool;
  }
  get minNodes(): number {
    return this.#e.minNodes;
  }
  get maxNodes(): number {
    return this.#e.maxNodes;
  }
  get on(): number {
    return this.#e.on;
  }
  get booting(): number {
    return this.#e.booting;
  }
  get idle(): number {
    return this.#e.idle;
  }
  get busy(): number {
    return this.#e.busy;
  }
  get draining(): number {
    return this.#e.draining;
  }
  get stopping(): number {
    return this.#e.stopping;
  }
  get off(): number {
    return this.#e.off;
  }
  get failed(): number {
    return this.#e.failed;
  }
  get bootMeanS(): number {
    return this.#e.bootMeanS;
  }
  get waitingNodes(): number {
    return this.#e.waitingNodes;
  }
  nextReadyAt(): number {
    return this.#e.nextReadyAt();
  }
  readyTimes(): number[] {
    return this.#e.readyTimes();
  }
  canBoot(): boolean {
    return this.#e.canBoot();
  }
}
