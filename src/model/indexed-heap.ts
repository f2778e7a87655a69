/**
 * A binary min-heap of items 0..capacity-1, each with a numeric key, that
 * can also remove any item it holds: every operation is O(log n), none
 * allocates. Equal keys pop lowest item first, so the order is fully
 * determined. For a max-heap, push negated keys.
 */
export class IndexedHeap {
  private readonly heap: Int32Array;
  /** Position of each item in `heap`, or -1 when absent. */
  private readonly at: Int32Array;
  private readonly key: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.at = new Int32Array(capacity).fill(-1);
    this.key = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  has(item: number): boolean {
    return (this.at[item] as number) >= 0;
  }

  /** The item with the least key, or -1 when empty. */
  top(): number {
    return this.count > 0 ? (this.heap[0] as number) : -1;
  }

  /** The least key, or Infinity when empty. */
  topKey(): number {
    return this.count > 0 ? (this.key[this.heap[0] as number] as number) : Infinity;
  }

  keyOf(item: number): number {
    return this.key[item] as number;
  }

  /** Adds an item (it must not be in the heap). */
  push(item: number, key: number): void {
    if (this.has(item)) throw new RangeError(`item ${item} is already in the heap`);
    this.key[item] = key;
    const i = this.count++;
    this.heap[i] = item;
    this.at[item] = i;
    this.up(i);
  }

  /** Takes the item with the least key off, or returns -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.heap[0] as number;
    this.remove(top);
    return top;
  }

  /** Removes an item if it is in the heap; returns whether it was. */
  remove(item: number): boolean {
    const i = this.at[item] as number;
    if (i < 0) return false;
    const last = this.heap[--this.count] as number;
    this.at[item] = -1;
    if (last !== item) {
      this.heap[i] = last;
      this.at[last] = i;
      this.down(i);
      this.up(this.at[last] as number);
    }
    return true;
  }

  /** Empties the heap, in O(items held). */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.at[this.heap[i] as number] = -1;
    this.count = 0;
  }

  /** The items in heap order (not sorted): for views, not hot paths. */
  items(): number[] {
    return Array.from(this.heap.subarray(0, this.count));
  }

  private less(a: number, b: number): boolean {
    const ka = this.key[a] as number;
    const kb = this.key[b] as number;
    return ka < kb || (ka === kb && a < b);
  }

  private up(i: number): void {
    const heap = this.heap;
    const item = heap[i] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      if (!this.less(item, p)) break;
      heap[i] = p;
      this.at[p] = i;
      i = parent;
    }
    heap[i] = item;
    this.at[item] = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = this.count;
    const item = heap[i] as number;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.less(heap[right] as number, heap[child] as number)) child = right;
      const c = heap[child] as number;
      if (!this.less(c, item)) break;
      heap[i] = c;
      this.at[c] = i;
      i = child;
    }
    heap[i] = item;
    this.at[item] = i;
  }
}
