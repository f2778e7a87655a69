import type { ElasticRule, RuleView } from './elastic-rule.js';

/**
 * `demand`, the rule of the M/M/k/setup model (Gandhi et al., SIGMETRICS
 * 2013): one node for every busy node and one per waiting job (a node's
 * worth of waiting jobs) that fits on no idle or booting node, up to
 * maxNodes. Evaluated after every change, so that:
 * - a job that waits with no idle node to take it starts a boot;
 * - a boot no longer needed (its job started elsewhere, or on a node that
 *   freed up first) is cancelled, the one started last first;
 * - idle nodes are not wanted, and power off once their idle timeout has
 *   passed (at once with `idleTimeoutS: 0`, the M/M/k/setup model).
 */
export function demandRule(): ElasticRule {
  return {
    name: 'demand',
    intervalS: 0,
    readsUtilisation: false,
    desired: (v: RuleView) => v.busy + v.waitingNodes,
  };
}
