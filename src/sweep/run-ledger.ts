import { SweepError } from './sweep-error.js';
import type { SweepRow } from './sweep-row.js';

/**
 * What every reader of a sweep's rows checks across them, however many
 * files they come from: that they are runs of one sweep, and that no run
 * is there twice. A run twice would count one seed twice in the
 * aggregates, the later row's figures winning (a file concatenated with
 * itself, a shard merged twice), so it is refused, named by both places.
 */
export class RunLedger {
  private readonly byIndex = new Map<number, string>();
  private readonly byKey = new Map<string, string>();
  private first: { row: SweepRow; at: string } | undefined;

  /**
   * `twice`: what a run seen twice means where these rows come from (the
   * shards overlap; a file holds a row twice), said after the two places.
   */
  constructor(private readonly twice: string) {}

  /** Records the run of `row`, read at `at` (`file:line`); throws if it belongs to another sweep or was seen already. */
  add(row: SweepRow, at: string): void {
    if (this.first === undefined) {
      this.first = { row, at };
    } else if (row.sweep !== this.first.row.sweep || row.total !== this.first.row.total) {
      const { row: first, at: firstAt } = this.first;
      throw new SweepError(`${at} is a run of another sweep (${row.sweep}, ${row.total} runs) than ${firstAt} (${first.sweep}, ${first.total} runs)`);
    }
    const seen = this.byKey.get(row.key) ?? this.byIndex.get(row.index);
    if (seen !== undefined) throw new SweepError(`${at}: run ${row.index} (${row.key}) is also at ${seen}: ${this.twice}`);
    this.byKey.set(row.key, at);
    this.byIndex.set(row.index, at);
  }

  /** Runs recorded. */
  get runs(): number {
    return this.byIndex.size;
  }

  /** Runs in the whole sweep, as its rows say; undefined before the first row. */
  get total(): number | undefined {
    return this.first?.row.total;
  }

  /** The first `limit` run indices of the sweep that no row has given. */
  missing(limit: number): number[] {
    const out: number[] = [];
    const total = this.total ?? 0;
    for (let i = 0; i < total && out.length < limit; i++) if (!this.byIndex.has(i)) out.push(i);
    return out;
  }
}
