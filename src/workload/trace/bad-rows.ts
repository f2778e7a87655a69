import { InputError } from '../../scenario/problem.js';

/** What is wrong with one row of a trace: where, which field, and what was expected. */
export interface RowProblem {
  line: number;
  /** The field as the format names it, such as `field 4 (run time)` or `column gpu_milli`. */
  field: string;
  message: string;
}

/**
 * The malformed rows of one trace file. By default each is skipped and
 * counted, and the run ends with one warning naming how many and the first;
 * in strict mode the first one fails the run as bad input (exit code 2)
 * with its file, line and field. Never a crash, never a silent drop.
 */
export class BadRows {
  count = 0;
  first: RowProblem | undefined;

  constructor(
    readonly file: string,
    readonly strict: boolean,
  ) {}

  report(problem: RowProblem): void {
    if (this.strict) throw new InputError([{ file: this.file, line: problem.line, path: problem.field, message: problem.message }]);
    this.count++;
    this.first ??= problem;
  }

  /** The warning for the end of the run, or undefined when every row was good. */
  warning(): string | undefined {
    const first = this.first;
    if (first === undefined) return undefined;
    const rows = this.count === 1 ? '1 malformed row' : `${this.count.toLocaleString('en-US')} malformed rows`;
    return `${this.file}: ${rows} skipped (first at line ${first.line}, ${first.field}: ${first.message}); --strict fails on them instead`;
  }
}

/**
 * Rows that are well formed but describe a job that cannot be replayed (an
 * SWF job with no processor count, a pod with no lifetime), counted per
 * rule so that the run says what it left out and why.
 */
export class SkippedRows {
  private readonly counts = new Map<string, number>();

  skip(rule: string): void {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** One warning per rule: `file: N jobs skipped: rule`. */
  warnings(file: string): string[] {
    return this.reasons().map((reason) => `${file}: ${reason}`);
  }

  /** One line per rule: `N jobs skipped: rule`. */
  reasons(): string[] {
    return [...this.counts].map(([rule, n]) => `${n.toLocaleString('en-US')} job${n === 1 ? '' : 's'} skipped: ${rule}`);
  }
}
