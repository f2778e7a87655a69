/**
 * Free capacity of the nodes of one pool, indexed so that first-fit
 * placement costs O(log nodes) rather than a scan.
 *
 * Each node has three integer resources: milli-chips, CPU cores and MiB of
 * memory. A segment tree keeps, for every range of nodes, the largest free
 * amount of each resource. First-fit descends from the root into the
 * leftmost subtree whose maxima cover the demand. With one binding resource
 * (the usual case) the descent never backtracks; when maxima of different
 * resources come from different nodes it may, and stays exact.
 *
 * Capacity is integral so that "never over capacity" is an exact statement.
 */
export class FreeCapacityIndex {
  readonly nodes: number;
  readonly milliPerNode: number;
  readonly coresPerNode: number;
  readonly memMiBPerNode: number;
  /** Number of leaves: the smallest power of two >= nodes. */
  private readonly leaves: number;
  private readonly chips: Int32Array;
  private readonly cores: Int32Array;
  private readonly mem: Int32Array;
  /** Whether cores or memory are tracked; when not, only the chip tree is kept up to date. */
  private readonly multiResource: boolean;
  private freeMilliSum: number;
  private wholeNodesFree: number;

  constructor(nodes: number, milliPerNode: number, coresPerNode: number, memMiBPerNode: number) {
    if (!(Number.isInteger(nodes) && nodes >= 1)) throw new RangeError(`nodes must be an integer >= 1, got ${nodes}`);
    this.nodes = nodes;
    this.milliPerNode = milliPerNode;
    this.coresPerNode = coresPerNode;
    this.memMiBPerNode = memMiBPerNode;
    let leaves = 1;
    while (leaves < nodes) leaves *= 2;
    this.leaves = leaves;
    this.multiResource = coresPerNode > 0 || memMiBPerNode > 0;
    // Padding leaves hold -1 so that no demand (always >= 0) fits them.
    this.chips = new Int32Array(2 * leaves).fill(-1);
    this.cores = new Int32Array(2 * leaves).fill(-1);
    this.mem = new Int32Array(2 * leaves).fill(-1);
    for (let i = 0; i < nodes; i++) {
      this.chips[leaves + i] = milliPerNode;
      this.cores[leaves + i] = coresPerNode;
      this.mem[leaves + i] = memMiBPerNode;
    }
    for (let v = leaves - 1; v >= 1; v--) this.pull(v);
    this.freeMilliSum = nodes * milliPerNode;
    this.wholeNodesFree = nodes;
  }

  /** Free milli-chips summed over all nodes. */
  get freeMilli(): number {
    return this.freeMilliSum;
  }

  /** Nodes with every resource free. */
  get freeWholeNodes(): number {
    return this.wholeNodesFree;
  }

  /** The largest free milli-chips on any one node. */
  get maxFreeMilli(): number {
    return this.chips[1] as number;
  }

  freeMilliOf(node: number): number {
    return this.chips[this.leaves + node] as number;
  }

  freeCoresOf(node: number): number {
    return this.cores[this.leaves + node] as number;
  }

  freeMemMiBOf(node: number): number {
    return this.mem[this.leaves + node] as number;
  }

  /**
   * The lowest-numbered node with at least the given free resources, or -1.
   */
  firstFit(milli: number, cores: number, memMiB: number): number {
    if (!this.multiResource) return this.firstFitChips(milli);
    if (!this.covers(1, milli, cores, memMiB)) return -1;
    return this.descend(1, milli, cores, memMiB);
  }

  /** First fit on chips alone: one resource, so the descent never backtracks. */
  private firstFitChips(milli: number): number {
    const chips = this.chips;
    if ((chips[1] as number) < milli) return -1;
    let v = 1;
    while (v < this.leaves) {
      v *= 2;
      if ((chips[v] as number) < milli) v++;
    }
    return v - this.leaves;
  }

  /** The lowest-numbered node with every resource free, or -1. */
  firstWholeNode(): number {
    if (this.wholeNodesFree === 0) return -1;
    return this.firstFit(this.milliPerNode, this.coresPerNode, this.memMiBPerNode);
  }

  /** Takes resources from a node. Throws if the node lacks them. */
  allocate(node: number, milli: number, cores: number, memMiB: number): void {
    const leaf = this.leaves + node;
    const c = (this.chips[leaf] as number) - milli;
    const k = (this.cores[leaf] as number) - cores;
    const m = (this.mem[leaf] as number) - memMiB;
    if (node < 0 || node >= this.nodes || c < 0 || k < 0 || m < 0) {
      throw new RangeError(`node ${node} cannot take ${milli} milli-chips, ${cores} cores, ${memMiB} MiB`);
    }
    const wasWhole = this.isWhole(leaf);
    this.set(leaf, c, k, m);
    if (wasWhole && !this.isWhole(leaf)) this.wholeNodesFree--;
    this.freeMilliSum -= milli;
  }

  /** Returns resources to a node. Throws if that would exceed its capacity. */
  release(node: number, milli: number, cores: number, memMiB: number): void {
    const leaf = this.leaves + node;
    const c = (this.chips[leaf] as number) + milli;
    const k = (this.cores[leaf] as number) + cores;
    const m = (this.mem[leaf] as number) + memMiB;
    if (node < 0 || node >= this.nodes || c > this.milliPerNode || k > this.coresPerNode || m > this.memMiBPerNode) {
      throw new RangeError(`node ${node} cannot give back ${milli} milli-chips, ${cores} cores, ${memMiB} MiB`);
    }
    const wasWhole = this.isWhole(leaf);
    this.set(leaf, c, k, m);
    if (!wasWhole && this.isWhole(leaf)) this.wholeNodesFree++;
    this.freeMilliSum += milli;
  }

  private isWhole(leaf: number): boolean {
    return (
      this.chips[leaf] === this.milliPerNode &&
      this.cores[leaf] === this.coresPerNode &&
      this.mem[leaf] === this.memMiBPerNode
    );
  }

  private covers(v: number, milli: number, cores: number, memMiB: number): boolean {
    return (
      (this.chips[v] as number) >= milli && (this.cores[v] as number) >= cores && (this.mem[v] as number) >= memMiB
    );
  }

  private descend(v: number, milli: number, cores: number, memMiB: number): number {
    while (v < this.leaves) {
      const left = 2 * v;
      if (this.covers(left, milli, cores, memMiB)) {
        // The left subtree's maxima cover the demand; with more than one
        // resource they may come from different nodes, so fall back to the
        // right subtree if the left one turns out to hold no single fit.
        const found = this.descend(left, milli, cores, memMiB);
        if (found >= 0) return found;
      }
      v = left + 1;
      if (!this.covers(v, milli, cores, memMiB)) return -1;
    }
    return v - this.leaves;
  }

  private set(leaf: number, chips: number, cores: number, mem: number): void {
    const c = this.chips;
    c[leaf] = chips;
    if (!this.multiResource) {
      // Walk up while the maximum changes; above an unchanged node nothing can.
      for (let v = leaf >> 1; v >= 1; v >>= 1) {
        const l = c[2 * v] as number;
        const r = c[2 * v + 1] as number;
        const m = l > r ? l : r;
        if (m === c[v]) return;
        c[v] = m;
      }
      return;
    }
    this.cores[leaf] = cores;
    this.mem[leaf] = mem;
    for (let v = leaf >> 1; v >= 1; v >>= 1) {
      const chipsBefore = c[v];
      const coresBefore = this.cores[v];
      const memBefore = this.mem[v];
      this.pull(v);
      if (c[v] === chipsBefore && this.cores[v] === coresBefore && this.mem[v] === memBefore) return;
    }
  }

  private pull(v: number): void {
    const l = 2 * v;
    const r = l + 1;
    this.chips[v] = Math.max(this.chips[l] as number, this.chips[r] as number);
    this.cores[v] = Math.max(this.cores[l] as number, this.cores[r] as number);
    this.mem[v] = Math.max(this.mem[l] as number, this.mem[r] as number);
  }
}
