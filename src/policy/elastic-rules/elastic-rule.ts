import type { ElasticPoolView } from '../../model/elastic-nodes.js';

/**
 * What a rule reads when it is evaluated: the pool's nodes by state (see
 * `ElasticPoolView`) and the demand on it. Read-only: a rule says how many
 * nodes it wants, the pool's controller boots, cancels, powers off and
 * drains to get there.
 */
export interface RuleView extends ElasticPoolView {
  /** Simulated time of the evaluation, seconds. */
  readonly now: number;
  /** The pool's name. */
  readonly name: string;
  readonly chipsPerNode: number;
  /** Jobs waiting that could run on the pool: in the central queue with the pool among their candidates, or in its local queue. */
  readonly waitingJobs: number;
  /** Nodes' worth of those jobs: how many nodes they would fill. */
  readonly waitingNodes: number;
  /** Chips allocated to jobs now. */
  readonly allocatedChips: number;
  /**
   * Allocated chips ÷ chips of nodes in service (idle, busy or draining),
   * averaged since the rule's last evaluation; NaN when no node was in
   * service meanwhile, or for a built-in rule that does not read it.
   */
  readonly utilisation: number;
  /** What the rule wanted last time (clamped to minNodes..maxNodes). */
  readonly lastDesired: number;
  /** The pool's `ruleOptions`. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * A scaling rule: how many nodes an elastic pool wants on (booting, idle
 * and busy; draining nodes are leaving and do not count). The controller
 * clamps the answer to minNodes..maxNodes. One instance serves one pool in
 * one run, so it may keep state.
 */
export interface ElasticRule {
  readonly name: string;
  /** Seconds between evaluations; 0: after every simulated instant in which something the rule reads changed. */
  readonly intervalS: number;
  /** The next time after `now` at which the rule must be evaluated besides its interval (a schedule's step), or Infinity. */
  nextChangeAfter?(now: number): number;
  /** Whether it reads `utilisation` (its window is kept only then; NaN otherwise). */
  readonly readsUtilisation: boolean;
  desired(view: RuleView): number;
}
