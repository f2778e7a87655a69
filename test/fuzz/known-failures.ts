import { hookModule, modules, policyCase } from './families/hostile-policy.js';
import type { FuzzCase, Outcome } from './fuzz-case.js';

/**
 * TEMPORARY: failures the fuzz suite meets on this branch that issue 14
 * lists, keyed by the item whose fix ends them. Other branches fix them;
 * as each fix merges, its reproducers stop failing and the fuzz test says
 * so ("item N is fixed: remove it from the known list"). Remove the entry
 * then. By design this list ends empty: a failure nobody has listed in
 * issue 14 never belongs here.
 *
 * Every item is fixed now: the others on main (bb2077e), item 12 (user
 * policies) and item 22 (--timeout) with the policy-cli branch. Their
 * reproducers stay as regression cases (`FIXED_REPRODUCERS`).
 */
export interface KnownFailure {
  /** The item of issue 14 whose fix ends this failure. */
  item: number;
  summary: string;
  /** Whether a failing outcome of a generated case is this failure. */
  matches(c: FuzzCase, o: Outcome): boolean;
  /** Cases that fail this way until the item is fixed (several when the item names several triggers). */
  reproducers: FuzzCase[];
}

const hostile = (label: string, text: string, command = 'run'): FuzzCase => policyCase(label, text, '.mjs', command);

/** Empty: every failure of issue 14 is fixed (item 12, the last, with the user-policy checks of the policy-cli branch). */
export const KNOWN_FAILURES: readonly KnownFailure[] = [];

/**
 * The reproducers of items fixed since this list was made, kept as
 * regression cases: each must now end cleanly (a policy error, exit 2).
 */
export const FIXED_REPRODUCERS: readonly { item: number; cases: readonly FuzzCase[] }[] = [
  {
    item: 12,
    cases: [
      hostile('preempt returns a non-list', hookModule('preempt', { kind: 'return', expr: '"wait"' }, 0)),
      hostile('preempt returns null entries', hookModule('preempt', { kind: 'return', expr: '[null]' }, 0)),
      hostile('batch returns a number', hookModule('batch', { kind: 'return', expr: '42' }, 0)),
      hostile('batch returns null entries', hookModule('batch', { kind: 'return', expr: '[null]' }, 0)),
      hostile('place returns a bare number', hookModule('place', { kind: 'return', expr: '42' }, 0)),
      hostile('NaN and Infinity weights', modules['NaN and Infinity weights'] ?? ''),
      hostile('a module getter that throws', modules['a getter that throws'] ?? ''),
      hostile('a Proxy default export', modules['a Proxy that throws'] ?? ''),
      hostile('a thrown object whose toString throws', hookModule('filter', { kind: 'throw', expr: '{ toString() { throw new Error("toString throws"); } }' }, 0)),
      // Beyond the list, the same kind of garbage: a property that is not a list.
      hostile('lowerIsBetter not a list', modules['lowerIsBetter not a list'] ?? ''),
    ],
  },
];

/** The known failure a failing outcome is, if any. */
export function knownFailure(c: FuzzCase, o: Outcome): KnownFailure | undefined {
  return KNOWN_FAILURES.find((k) => k.matches(c, o));
}
