import { NodeBits } from './node-bits.js';
import type { ReadonlyNumbers } from './readonly-numbers.js';

/** What policies may read of a pool's free capacity: queries only, no allocation. */
export interface FreeCapacityView {
  readonly nodes: number;
  readonly chipsPerNode: number;
  readonly milliPerNode: number;
  readonly coresPerNode: number;
  readonly memMiBPerNode: number;
  /** Per node, a count of changes to its free resources (equal counts: unchanged). */
  readonly changes: ReadonlyNumbers;
  readonly maxWholeChips: number;
  readonly maxChipFree: number;
  readonly freeMilli: number;
  readonly freeWholeNodes: number;
  /** Nodes in service: neither down nor cordoned. */
  readonly nodesInService: number;
  freeMilliOf(node: number): number;
  maxChipFreeOf(node: number): number;
  freeCoresOf(node: number): number;
  freeMemMiBOf(node: number): number;
  firstFit(milli: number, cores: number, memMiB: number): number;
  canFit(milli: number, cores: number, memMiB: number): boolean;
  firstWholeNode(): number;
  fitsAfterReleasing(node: number, releases: readonly Release[], milli: number, cores: number, memMiB: number): boolean;
  fitsOn(node: number, milli: number, cores: number, memMiB: number, onChip?: number): boolean;
  chipFree(node: number, c: number): number;
  wholeChipsOf(node: number): number;
  isUp(node: number): boolean;
}

/**
 * Free capacity of the nodes of one pool, chip by chip, indexed so that
 * first-fit placement costs O(log nodes) rather than a scan.
 *
 * Each chip is in one of three states: whole and free (1000 milli free),
 * allocated whole to one job (-1), or open to fractional tenants (0..999
 * milli free, or 1000 again once its last tenant leaves). A job asking for a
 * fraction of a chip lives on one chip (DESIGN: "a fraction lives on one
 * chip"); a job asking for k whole chips takes k whole free chips of one
 * node. Besides chips, each node has CPU cores (in whatever integer unit the
 * caller uses) and MiB of memory.
 *
 * A segment tree keeps, for every range of nodes, the most whole free chips
 * on any node, the most free milli on any single chip, the most free cores
 * and the most free memory. First-fit descends into the leftmost subtree
 * whose maxima cover the demand. With one binding resource the descent never
 * backtracks; when several are tracked and their maxima come from different
 * nodes it may (worst case O(nodes)), and stays exact.
 *
 * Capacity is integral so that "never over capacity" is an exact statement.
 *
 * A pool of one chip per node that tracks chips alone (the M/M/c shape:
 * every job a whole chip or a share of one) keeps its free nodes in a bit
 * set as well. There a whole chip's allocation and release touch the bit
 * and leave the node's leaf stale, and a first fit of one whole chip is the
 * lowest free node; the tree catches up with its stale leaves before
 * anything reads it. The root's maxima follow from counts, save the best
 * share while no chip is whole and some hold shares. Per job of an M/M/16
 * run that saves about 490 of 7,130 machine instructions (BENCHMARKS.md,
 * goal 2, eleventh pass).
 */
export class FreeCapacityIndex implements FreeCapacityView {
  readonly nodes: number;
  readonly chipsPerNode: number;
  readonly milliPerNode: number;
  readonly coresPerNode: number;
  readonly memMiBPerNode: number;
  /** Free milli per chip, or -1 for a chip allocated whole; `node * chipsPerNode + chip`. */
  private readonly chip: Int16Array;
  /** Number of leaves: the smallest power of two >= nodes. */
  private readonly leaves: number;
  /** Tree maxima: whole free chips on a node, free milli on one chip, cores, memory. */
  private readonly whole: Int32Array;
  private readonly frac: Int32Array;
  private readonly cores: Int32Array;
  private readonly mem: Int32Array;
  private readonly down: Uint8Array;
  /** 1 for a node that keeps its jobs but takes no new one (draining before power-off). */
  private readonly cordoned: Uint8Array;
  /**
   * Per node, a count of changes to its free resources: equal counts mean
   * the node is as it was, so a node-level policy may reuse a score it
   * computed for it.
   */
  readonly changes: Uint32Array;
  /** Whether cores or memory are tracked; when not, their trees are never consulted. */
  private readonly multiResource: boolean;
  private freeMilliSum: number;
  private wholeNodesFree: number;
  private upNodes: number;
  /** One chip per node, chips alone: the bit set, stale leaves and share counts below are kept. */
  private readonly oneChip: boolean;
  /** Nodes in service whose chip is whole and free (one-chip pools). */
  private readonly freeNodes: NodeBits;
  /** Nodes whose leaves the tree has not caught up with, each once (`isStale` says which). */
  private readonly staleNodes: Int32Array;
  private readonly isStale: Uint8Array;
  private staleCount = 0;
  /** Per node in service, 1 while its chip holds shares and has room left (0 < free < 1000); their number. */
  private readonly sharedWithRoom: Uint8Array;
  private chipsSharedWithRoom = 0;

  constructor(nodes: number, chipsPerNode: number, coresPerNode: number, memMiBPerNode: number) {
    if (!(Number.isInteger(nodes) && nodes >= 1)) throw new RangeError(`nodes must be an integer >= 1, got ${nodes}`);
    if (!(Number.isInteger(chipsPerNode) && chipsPerNode >= 1)) throw new RangeError(`chipsPerNode must be an integer >= 1, got ${chipsPerNode}`);
    this.nodes = nodes;
    this.chipsPerNode = chipsPerNode;
    this.milliPerNode = chipsPerNode * 1000;
    this.coresPerNode = coresPerNode;
    this.memMiBPerNode = memMiBPerNode;
    this.chip = new Int16Array(nodes * chipsPerNode).fill(1000);
    let leaves = 1;
    while (leaves < nodes) leaves *= 2;
    this.leaves = leaves;
    this.multiResource = coresPerNode > 0 || memMiBPerNode > 0;
    // Padding leaves hold -1 so that no demand (always >= 0) fits them.
    this.whole = new Int32Array(2 * leaves).fill(-1);
    this.frac = new Int32Array(2 * leaves).fill(-1);
    this.cores = new Int32Array(2 * leaves).fill(-1);
    this.mem = new Int32Array(2 * leaves).fill(-1);
    this.down = new Uint8Array(nodes);
    this.cordoned = new Uint8Array(nodes);
    this.changes = new Uint32Array(nodes);
    for (let i = 0; i < nodes; i++) {
      this.whole[leaves + i] = chipsPerNode;
      this.frac[leaves + i] = 1000;
      this.cores[leaves + i] = coresPerNode;
      this.mem[leaves + i] = memMiBPerNode;
    }
    for (let v = leaves - 1; v >= 1; v--) this.pull(v);
    this.freeMilliSum = nodes * this.milliPerNode;
    this.wholeNodesFree = nodes;
    this.upNodes = nodes;
    this.oneChip = chipsPerNode === 1 && !this.multiResource;
    const tracked = this.oneChip ? nodes : 0;
    this.freeNodes = new NodeBits(tracked);
    for (let i = 0; i < tracked; i++) this.freeNodes.add(i);
    this.staleNodes = new Int32Array(tracked);
    this.isStale = new Uint8Array(tracked);
    this.sharedWithRoom = new Uint8Array(tracked);
  }

  /** Nodes in service: neither taken out (`disable`) nor cordoned. */
  get nodesInService(): number {
    return this.upNodes;
  }

  /** The most whole free chips on any one node in service. */
  get maxWholeChips(): number {
    // One chip per node: 1 while a node is whole, else 0 while one is in service (-1 with none).
    if (this.oneChip) return this.wholeNodesFree > 0 ? 1 : this.upNodes > 0 ? 0 : -1;
    return this.whole[1] as number;
  }

  /** The most free milli on any one chip of a node in service. */
  get maxChipFree(): number {
    if (this.oneChip) {
      if (this.wholeNodesFree > 0) return 1000;
      // No chip whole and none shared with room: every chip in service is full (0), or none is in service (-1).
      if (this.chipsSharedWithRoom === 0) return this.upNodes > 0 ? 0 : -1;
    }
    this.catchUp();
    return this.frac[1] as number;
  }

  /** Free milli-chips summed over the nodes in service. */
  get freeMilli(): number {
    return this.freeMilliSum;
  }

  /** Nodes in service with every chip, core and MiB free. */
  get freeWholeNodes(): number {
    return this.wholeNodesFree;
  }

  /** Free milli-chips on a node (0 while it is out of service). */
  freeMilliOf(node: number): number {
    if (this.down[node] === 1 || this.cordoned[node] === 1) return 0;
    let sum = 0;
    const base = node * this.chipsPerNode;
    for (let c = 0; c < this.chipsPerNode; c++) sum += Math.max(0, this.chip[base + c] as number);
    return sum;
  }

  /** The most free milli on any one chip of a node (-1 while it is out of service). */
  maxChipFreeOf(node: number): number {
    this.catchUp();
    return this.frac[this.leaves + node] as number;
  }

  freeCoresOf(node: number): number {
    return this.cores[this.leaves + node] as number;
  }

  freeMemMiBOf(node: number): number {
    return this.mem[this.leaves + node] as number;
  }

  /**
   * The lowest-numbered node that can take the demand now, or -1. `milli`
   * below 1000 asks for a share of one chip; 1000 or more must be a whole
   * number of chips, all on this node.
   */
  firstFit(milli: number, cores: number, memMiB: number): number {
    // One whole chip where each node has one and nothing else is tracked: the lowest free node.
    if (this.oneChip && milli === 1000) return this.freeNodes.first();
    this.catchUp();
    const wholeChips = milli >= 1000 ? milli / 1000 : 0;
    const fracMilli = milli >= 1000 ? 0 : milli;
    // A demand of chips alone ignores cores and memory (any node has ≥ 0 free): one key, no backtracking.
    if (!this.multiResource || (cores <= 0 && memMiB <= 0)) return this.firstFitChips(wholeChips, fracMilli);
    if (!this.covers(1, wholeChips, fracMilli, cores, memMiB)) return -1;
    return this.descend(1, wholeChips, fracMilli, cores, memMiB);
  }

  /**
   * Whether some node can take the demand now. O(1) when only chips are
   * tracked or asked for (the root's maxima answer it exactly); otherwise a
   * first-fit search.
   */
  canFit(milli: number, cores: number, memMiB: number): boolean {
    if (this.multiResource && (cores > 0 || memMiB > 0)) return this.firstFit(milli, cores, memMiB) >= 0;
    return milli >= 1000 ? this.maxWholeChips >= milli / 1000 : this.maxChipFree >= milli;
  }

  /** The lowest-numbered node with everything free, or -1. */
  firstWholeNode(): number {
    if (this.wholeNodesFree === 0) return -1;
    return this.firstFit(this.milliPerNode, this.coresPerNode, this.memMiBPerNode);
  }

  /**
   * Takes resources on a node. Returns the chip a fractional share went to
   * (pass it back to `release`), or -1 for whole chips or none (a demand of
   * 0 milli takes only cores and memory). Throws if the node
   * cannot take the demand.
   */
  allocate(node: number, milli: number, cores: number, memMiB: number, onChip = -1): number {
    // A node of one chip, whole, in a pool that tracks only chips (an M/M/c server): the general path's
    // outcome without its loops. Anything else, errors included, takes the general path.
    if (this.oneChip && milli === 1000 && cores === 0 && memMiB === 0 && node >= 0 && node < this.nodes && this.chip[node] === 1000 && this.down[node] === 0 && this.cordoned[node] === 0) {
      this.chip[node] = -1;
      this.changes[node] = (this.changes[node] as number) + 1;
      this.freeNodes.delete(node);
      this.markStale(node);
      this.wholeNodesFree--;
      this.freeMilliSum -= 1000;
      return -1;
    }
    this.catchUp();
    const leaf = this.leaves + node;
    if (node < 0 || node >= this.nodes || this.down[node] === 1 || this.cordoned[node] === 1) throw new RangeError(`node ${node} is not in service`);
    const k = (this.cores[leaf] as number) - cores;
    const m = (this.mem[leaf] as number) - memMiB;
    if (k < 0 || m < 0) throw new RangeError(`node ${node} cannot take ${cores} cores and ${memMiB} MiB`);
    const wasWhole = this.isWhole(node);
    const base = node * this.chipsPerNode;
    let slot = -1;
    if (milli >= 1000) {
      let need = milli / 1000;
      if (!Number.isInteger(need)) throw new RangeError(`${milli} milli-chips is neither a share of one chip nor whole chips`);
      for (let c = 0; c < this.chipsPerNode && need > 0; c++) {
        if (this.chip[base + c] === 1000) {
          this.chip[base + c] = -1;
          need--;
        }
      }
      if (need > 0) throw new RangeError(`node ${node} has not ${milli / 1000} whole free chips`);
    } else if (milli > 0) {
      // Best fit among the node's chips: the fullest chip with room, so that
      // whole chips stay whole for jobs that need them.
      let best = onChip;
      if (onChip < 0) {
        for (let c = 0; c < this.chipsPerNode; c++) {
          const free = this.chip[base + c] as number;
          if (free >= milli && (best < 0 || free < (this.chip[base + best] as number))) best = c;
        }
      } else if (onChip >= this.chipsPerNode || (this.chip[base + onChip] as number) < milli) {
        throw new RangeError(`chip ${onChip} of node ${node} has not ${milli} milli free`);
      }
      if (best < 0) throw new RangeError(`no chip of node ${node} has ${milli} milli free`);
      this.chip[base + best] = (this.chip[base + best] as number) - milli;
      slot = best;
    }
    this.cores[leaf] = k;
    this.mem[leaf] = m;
    this.refresh(node);
    // A demand of nothing (no chip, where cores and memory are not tracked) leaves a whole node whole.
    if (wasWhole && !this.isWhole(node)) this.wholeNodesFree--;
    this.freeMilliSum -= milli;
    return slot;
  }

  /** Gives back what `allocate` took; `slot` is what it returned. Throws on a release that does not match. */
  release(node: number, milli: number, cores: number, memMiB: number, slot: number): void {
    // The one-chip node of `allocate`'s shortcut, given back: the general path's outcome without its loops.
    if (this.oneChip && milli === 1000 && cores === 0 && memMiB === 0 && node >= 0 && node < this.nodes && this.chip[node] === -1 && this.down[node] === 0 && this.cordoned[node] === 0) {
      this.chip[node] = 1000;
      this.changes[node] = (this.changes[node] as number) + 1;
      this.freeNodes.add(node);
      this.markStale(node);
      this.wholeNodesFree++;
      this.freeMilliSum += 1000;
      return;
    }
    this.catchUp();
    const leaf = this.leaves + node;
    if (node < 0 || node >= this.nodes || this.down[node] === 1) throw new RangeError(`node ${node} is not in service`);
    const k = (this.cores[leaf] as number) + cores;
    const m = (this.mem[leaf] as number) + memMiB;
    if (k > this.coresPerNode || m > this.memMiBPerNode) throw new RangeError(`node ${node} cannot give back ${cores} cores and ${memMiB} MiB`);
    const wasWhole = this.isWhole(node);
    const base = node * this.chipsPerNode;
    if (milli >= 1000) {
      // Chips allocated whole are interchangeable: give back any of them.
      let give = milli / 1000;
      for (let c = 0; c < this.chipsPerNode && give > 0; c++) {
        if (this.chip[base + c] === -1) {
          this.chip[base + c] = 1000;
          give--;
        }
      }
      if (give > 0) throw new RangeError(`node ${node} has not ${milli / 1000} chips allocated whole`);
    } else if (milli > 0) {
      const free = (this.chip[base + slot] as number) + milli;
      if (slot < 0 || slot >= this.chipsPerNode || (this.chip[base + slot] as number) < 0 || free > 1000) {
        throw new RangeError(`chip ${slot} of node ${node} cannot give back ${milli} milli`);
      }
      this.chip[base + slot] = free;
    }
    this.cores[leaf] = k;
    this.mem[leaf] = m;
    this.refresh(node);
    // A cordoned node's room is nobody's: it counts again only once uncordoned.
    if (this.cordoned[node] === 1) return;
    if (!wasWhole && this.isWhole(node)) this.wholeNodesFree++;
    this.freeMilliSum += milli;
  }

  /**
   * Whether a demand would fit on a node once the given allocations were
   * released (each as passed to `allocate`, with the slot it returned).
   * Works on a copy: nothing changes. O(chips per node + releases).
   */
  fitsAfterReleasing(node: number, releases: readonly Release[], milli: number, cores: number, memMiB: number): boolean {
    if (this.down[node] === 1 || this.cordoned[node] === 1) return false;
    const base = node * this.chipsPerNode;
    const chips = Array.from(this.chip.subarray(base, base + this.chipsPerNode));
    let freeCores = this.cores[this.leaves + node] as number;
    let freeMem = this.mem[this.leaves + node] as number;
    for (const r of releases) {
      freeCores += r.cores;
      freeMem += r.memMiB;
      if (r.milli >= 1000) {
        let give = r.milli / 1000;
        for (let c = 0; c < chips.length && give > 0; c++) if (chips[c] === -1) (chips[c] = 1000), give--;
      } else if (r.milli > 0) {
        chips[r.slot] = (chips[r.slot] as number) + r.milli;
      }
    }
    if (freeCores < cores || freeMem < memMiB) return false;
    if (milli >= 1000) return chips.filter((c) => c === 1000).length >= milli / 1000;
    return milli === 0 || chips.some((c) => c >= milli);
  }

  /**
   * Whether the node can take the demand now (on chip `onChip`, for a share
   * of one chip, if given). O(chips per node).
   */
  fitsOn(node: number, milli: number, cores: number, memMiB: number, onChip = -1): boolean {
    this.catchUp();
    const leaf = this.leaves + node;
    if (node < 0 || node >= this.nodes || this.down[node] === 1 || this.cordoned[node] === 1) return false;
    if ((this.cores[leaf] as number) < cores || (this.mem[leaf] as number) < memMiB) return false;
    if (milli >= 1000) return (this.whole[leaf] as number) * 1000 >= milli;
    if (onChip >= 0) return onChip < this.chipsPerNode && (this.chip[node * this.chipsPerNode + onChip] as number) >= milli;
    return (this.frac[leaf] as number) >= milli;
  }

  /** Free thousandths of chip `c` of the node (0 when it is taken whole or the node is down). */
  chipFree(node: number, c: number): number {
    return Math.max(0, this.chip[node * this.chipsPerNode + c] as number) * (this.down[node] === 1 || this.cordoned[node] === 1 ? 0 : 1);
  }

  /** Whole free chips of the node. */
  wholeChipsOf(node: number): number {
    this.catchUp();
    return Math.max(0, this.whole[this.leaves + node] as number);
  }

  /** Whether a node is in service: not taken out by `disable`, nor cordoned. */
  isUp(node: number): boolean {
    return this.down[node] === 0 && this.cordoned[node] === 0;
  }

  /**
   * Takes a node out of service (it failed): nothing fits on it until
   * `enable`. The node must be free: evict its jobs first.
   */
  disable(node: number): void {
    this.catchUp();
    if (this.cordoned[node] === 1) {
      // Its room left the sums when it was cordoned.
      if (!this.allFree(node)) throw new RangeError(`node ${node} must be free before it is taken out of service`);
      // Out of service already since it was cordoned.
      this.cordoned[node] = 0;
      this.down[node] = 1;
      this.setLeaf(node, -1, -1, -1, -1);
      this.noteChip(node);
      return;
    }
    if (!this.isWhole(node)) throw new RangeError(`node ${node} must be free and in service before it is taken out of service`);
    this.upNodes--;
    this.down[node] = 1;
    this.setLeaf(node, -1, -1, -1, -1);
    this.noteChip(node);
    this.wholeNodesFree--;
    this.freeMilliSum -= this.milliPerNode;
  }

  /**
   * Cordons a node in service: its jobs stay and may leave, but nothing new
   * fits on it until `uncordon` (an elastic pool drains it before powering
   * it off). Its free room leaves `freeMilli` and `freeWholeNodes`.
   */
  cordon(node: number): void {
    this.catchUp();
    if (this.down[node] === 1 || this.cordoned[node] === 1) throw new RangeError(`node ${node} is not in service`);
    if (this.isWhole(node)) this.wholeNodesFree--;
    this.freeMilliSum -= this.freeMilliOf(node);
    this.upNodes--;
    this.cordoned[node] = 1;
    this.refresh(node);
  }

  /** Puts a cordoned node back in service with what it has free. */
  uncordon(node: number): void {
    this.catchUp();
    if (this.cordoned[node] === 0) throw new RangeError(`node ${node} is not cordoned`);
    this.cordoned[node] = 0;
    this.upNodes++;
    this.refresh(node);
    if (this.isWhole(node)) this.wholeNodesFree++;
    this.freeMilliSum += this.freeMilliOf(node);
  }

  /** Whether every chip, core and MiB of the node is free, whatever its state. */
  private allFree(node: number): boolean {
    const base = node * this.chipsPerNode;
    for (let c = 0; c < this.chipsPerNode; c++) if (this.chip[base + c] !== 1000) return false;
    const leaf = this.leaves + node;
    return this.cores[leaf] === this.coresPerNode && this.mem[leaf] === this.memMiBPerNode;
  }

  /** Puts a node taken out by `disable` back in service, with everything free. */
  enable(node: number): void {
    this.catchUp();
    if (this.down[node] === 0) throw new RangeError(`node ${node} is already in service`);
    this.down[node] = 0;
    this.upNodes++;
    this.cores[this.leaves + node] = this.coresPerNode;
    this.mem[this.leaves + node] = this.memMiBPerNode;
    this.refresh(node);
    this.wholeNodesFree++;
    this.freeMilliSum += this.milliPerNode;
  }

  private isWhole(node: number): boolean {
    const leaf = this.leaves + node;
    return (
      this.down[node] === 0 &&
      this.whole[leaf] === this.chipsPerNode &&
      this.cores[leaf] === this.coresPerNode &&
      this.mem[leaf] === this.memMiBPerNode
    );
  }

  /** Recomputes a node's chip maxima from its chips and pushes the change up the tree; counts a change of the node. */
  private refresh(node: number): void {
    this.changes[node] = (this.changes[node] as number) + 1;
    this.writeChips(node);
    this.noteChip(node);
  }

  /** The node's leaf from its chips, pushed up the tree. */
  private writeChips(node: number): void {
    const base = node * this.chipsPerNode;
    let whole = 0;
    // 0, not -1, when every chip is taken whole: a node in service always has room for a demand of no chip.
    let frac = 0;
    for (let c = 0; c < this.chipsPerNode; c++) {
      const free = this.chip[base + c] as number;
      if (free === 1000) whole++;
      if (free > frac) frac = free;
    }
    const leaf = this.leaves + node;
    // A cordoned node keeps its true cores and memory (the leaf holds them) but no chip demand fits it.
    if (this.cordoned[node] === 1) this.writeLeaf(node, -1, -1, this.cores[leaf] as number, this.mem[leaf] as number);
    else this.writeLeaf(node, whole, frac, this.cores[leaf] as number, this.mem[leaf] as number);
  }

  /** A one-chip pool's bit set and share count, for the node as its chip and service now are. */
  private noteChip(node: number): void {
    if (!this.oneChip) return;
    const free = this.chip[node] as number;
    const inService = this.down[node] === 0 && this.cordoned[node] === 0;
    if (inService && free === 1000) this.freeNodes.add(node);
    else this.freeNodes.delete(node);
    const shared = inService && free > 0 && free < 1000 ? 1 : 0;
    this.chipsSharedWithRoom += shared - (this.sharedWithRoom[node] as number);
    this.sharedWithRoom[node] = shared;
  }

  /** A node whose leaf the tree no longer shows as it is (a one-chip pool's whole chip taken or given back). */
  private markStale(node: number): void {
    if (this.isStale[node] === 1) return;
    this.isStale[node] = 1;
    this.staleNodes[this.staleCount++] = node;
  }

  /** Brings the tree up to date with every stale leaf: call before reading it, or changing it any other way. */
  private catchUp(): void {
    const n = this.staleCount;
    if (n === 0) return;
    this.staleCount = 0;
    for (let k = 0; k < n; k++) {
      const node = this.staleNodes[k] as number;
      this.isStale[node] = 0;
      this.writeChips(node);
    }
  }

  /** First fit on chips alone: one key, so the descent never backtracks. */
  private firstFitChips(wholeChips: number, fracMilli: number): number {
    const key = wholeChips > 0 ? this.whole : this.frac;
    const need = wholeChips > 0 ? wholeChips : fracMilli;
    if ((key[1] as number) < need) return -1;
    let v = 1;
    while (v < this.leaves) {
      v *= 2;
      if ((key[v] as number) < need) v++;
    }
    return v - this.leaves;
  }

  private covers(v: number, wholeChips: number, fracMilli: number, cores: number, memMiB: number): boolean {
    return (
      (this.whole[v] as number) >= wholeChips &&
      (this.frac[v] as number) >= fracMilli &&
      (this.cores[v] as number) >= cores &&
      (this.mem[v] as number) >= memMiB
    );
  }

  private descend(v: number, wholeChips: number, fracMilli: number, cores: number, memMiB: number): number {
    while (v < this.leaves) {
      const left = 2 * v;
      if (this.covers(left, wholeChips, fracMilli, cores, memMiB)) {
        // The left subtree's maxima cover the demand, but with several
        // resources they may come from different nodes: fall back to the
        // right subtree if the left one holds no single fit.
        const found = this.descend(left, wholeChips, fracMilli, cores, memMiB);
        if (found >= 0) return found;
      }
      v = left + 1;
      if (!this.covers(v, wholeChips, fracMilli, cores, memMiB)) return -1;
    }
    return v - this.leaves;
  }

  /** Sets a node's leaf and counts a change of the node. */
  private setLeaf(node: number, whole: number, frac: number, cores: number, mem: number): void {
    this.changes[node] = (this.changes[node] as number) + 1;
    this.writeLeaf(node, whole, frac, cores, mem);
  }

  /** Sets a node's leaf and pushes the change up the tree. */
  private writeLeaf(node: number, whole: number, frac: number, cores: number, mem: number): void {
    const leaf = this.leaves + node;
    this.whole[leaf] = whole;
    this.frac[leaf] = frac;
    this.cores[leaf] = cores;
    this.mem[leaf] = mem;
    // Walk up while a maximum changes; above an unchanged node nothing can.
    if (!this.multiResource) {
      const wh = this.whole;
      const fr = this.frac;
      for (let v = leaf >> 1; v >= 1; v >>= 1) {
        const l = 2 * v;
        const wl = wh[l] as number;
        const wr = wh[l + 1] as number;
        const fl = fr[l] as number;
        const fRight = fr[l + 1] as number;
        const w = wl > wr ? wl : wr;
        const f = fl > fRight ? fl : fRight;
        if (w === wh[v] && f === fr[v]) return;
        wh[v] = w;
        fr[v] = f;
      }
      return;
    }
    for (let v = leaf >> 1; v >= 1; v >>= 1) {
      const w = this.whole[v];
      const f = this.frac[v];
      const k = this.cores[v];
      const m = this.mem[v];
      this.pull(v);
      if (this.whole[v] === w && this.frac[v] === f && this.cores[v] === k && this.mem[v] === m) return;
    }
  }

  private pull(v: number): void {
    const l = 2 * v;
    const r = l + 1;
    this.whole[v] = Math.max(this.whole[l] as number, this.whole[r] as number);
    this.frac[v] = Math.max(this.frac[l] as number, this.frac[r] as number);
    if (!this.multiResource) return;
    this.cores[v] = Math.max(this.cores[l] as number, this.cores[r] as number);
    this.mem[v] = Math.max(this.mem[l] as number, this.mem[r] as number);
  }
}

/** An allocation to give back, as `allocate` took it. */
export interface Release {
  milli: number;
  cores: number;
  memMiB: number;
  /** What `allocate` returned: the chip of a share, or -1. */
  slot: number;
}
