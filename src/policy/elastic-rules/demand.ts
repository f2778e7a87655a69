import type { ElasticRule, RuleView } from './elastic-rule.js';

/**
 * `demand`, the rule of the M/M/k/setup model (Gandhi et al., SIGMETRICS
 * 2013): one boot per waiting job that fits on no idle or booting node, up
 * to maxNodes; a boot no longer needed (its job started elsewhere) is
 * cancelled. Idle nodes are not its business: they power off by the idle
 * timeout. Evaluated after every change.
 *
 * As a count: the nodes busy and idle now, plus the boots the waiting
 * jobs need beyond the idle nodes. With fewer waiting jobs than booting
 * nodes the count is below what is on, and the controller cancels the
 * boots that would be ready last.
 */
export function demandRule(): ElasticRule {
  return {
    name: 'demand',
    intervalS: 0,
    desired: (v: RuleView) => v.busy + v.idle + Math.max(0, v.waitingNodes - v.idle),
  };
}
