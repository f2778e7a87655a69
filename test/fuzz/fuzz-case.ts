/**
 * What the fuzz suite generates and what it concludes about each case. A
 * case is plain data (files to write, a scenario to load, a command line to
 * run), so that fast-check can shrink it, a campaign can save it, and a
 * sandbox process can run it from a message.
 */

/** The case families, each with its own generator (families.ts). */
export const familyNames = ['valid', 'mutated', 'hostile-file', 'damaged-trace', 'hostile-policy', 'cli-misuse'] as const;
export type FamilyName = (typeof familyNames)[number];

/**
 * A file the case needs, relative to the case folder. `text` is written as
 * UTF-8, `base64` as raw bytes; `fifo` makes a named pipe nobody writes to;
 * `sparseBytes` makes a file of that size without writing its bytes.
 */
export type CaseFile =
  | { path: string; text: string }
  | { path: string; base64: string }
  | { path: string; fifo: true }
  | { path: string; sparseBytes: number };

/** How a case runs through the library (in a sandbox process). */
export interface LibraryRun {
  /** Scenario file to load: relative to the case folder, or absolute (/dev/zero). */
  scenario: string;
  /** Two built-in policies to compare over two seeds when the run is cheap; a policy module in the case folder is named by its path. */
  comparePolicies?: [string, string];
}

/** One generated case. */
export interface FuzzCase {
  family: FamilyName;
  /** A few words on what the case is, for reports. */
  label: string;
  files: CaseFile[];
  /** Absent for cases that exist only on the command line. */
  library?: LibraryRun;
  /** Arguments for `manychip`, run in the case folder; absent when the case never goes through the CLI. */
  argv?: string[];
  /** Only the CLI runs this case (it is about the command line, or the library cannot bound it). */
  cliOnly?: boolean;
  /** A hostile input that must be refused: anything but a clean error is a failure. */
  expectCleanError?: boolean;
  /** The CLI needs this flag to run the case safely; skipped (and said so) where the CLI lacks it. */
  needsFlag?: '--timeout';
}

/** What a case did. `skipped` is not a verdict: the case could not be run safely here. */
export const outcomeKinds = ['ok', 'clean-error', 'crash', 'hang', 'out-of-memory', 'invariant-violation', 'skipped'] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

/** The failing kinds: each makes a campaign exit 1. */
export const failureKinds: readonly OutcomeKind[] = ['crash', 'hang', 'out-of-memory', 'invariant-violation'];

/** One outcome of one way of running a case. */
export interface Outcome {
  kind: OutcomeKind;
  /** Where it happened: `library` (in-process) or `cli` (a spawned `manychip`). */
  via: 'library' | 'cli';
  /** First line of the error, or the invariant broken, or why it was skipped. */
  message: string;
  /** Extra detail for a report (the rest of the message, stderr, a stack). */
  detail?: string;
}

/** Everything a case did: the library outcome, the CLI outcome, or both. */
export interface CaseResult {
  outcomes: Outcome[];
  /** The worst of the outcomes, the one that counts in tables. */
  verdict: Outcome;
}

const severity: Record<OutcomeKind, number> = {
  skipped: 0,
  ok: 1,
  'clean-error': 2,
  'invariant-violation': 3,
  crash: 4,
  'out-of-memory': 5,
  hang: 6,
};

/** The outcome that counts for a case: the most severe. */
export function worstOutcome(outcomes: readonly Outcome[]): Outcome {
  let worst: Outcome = { kind: 'skipped', via: 'library', message: 'nothing ran' };
  for (const o of outcomes) if (severity[o.kind] > severity[worst.kind]) worst = o;
  return worst;
}

export function isFailure(o: Outcome): boolean {
  return failureKinds.includes(o.kind);
}
