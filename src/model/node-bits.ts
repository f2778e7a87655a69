/**
 * A set of node indices with the lowest member found in a few operations:
 * one bit per node in 32-bit words, and one bit per word in summary words
 * saying which words are not empty. Finding the lowest member reads the
 * summary words from the start (one per 1,024 nodes), then one word.
 */
export class NodeBits {
  private readonly words: Int32Array;
  private readonly summary: Int32Array;

  constructor(readonly size: number) {
    this.words = new Int32Array((size + 31) >>> 5);
    this.summary = new Int32Array((this.words.length + 31) >>> 5);
  }

  has(i: number): boolean {
    return ((this.words[i >>> 5] as number) & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    const w = i >>> 5;
    this.words[w] = (this.words[w] as number) | (1 << (i & 31));
    this.summary[w >>> 5] = (this.summary[w >>> 5] as number) | (1 << (w & 31));
  }

  delete(i: number): void {
    const w = i >>> 5;
    const word = (this.words[w] as number) & ~(1 << (i & 31));
    this.words[w] = word;
    if (word === 0) this.summary[w >>> 5] = (this.summary[w >>> 5] as number) & ~(1 << (w & 31));
  }

  /** The lowest member, or -1 when the set is empty. */
  first(): number {
    const summary = this.summary;
    for (let s = 0; s < summary.length; s++) {
      const bits = summary[s] as number;
      if (bits === 0) continue;
      const w = (s << 5) + lowestBit(bits);
      return (w << 5) + lowestBit(this.words[w] as number);
    }
    return -1;
  }
}

/** The index of the lowest set bit of a non-zero 32-bit integer. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}
