import type { DeepReadonly } from '../../scenario/scenario.js';
import type { TargetUtilisationData } from '../../scenario/elastic-schema.js';
import type { ElasticRule, RuleView } from './elastic-rule.js';

/**
 * `target-utilisation`, as the Kubernetes horizontal pod autoscaler
 * computes it (kubernetes.io, "Horizontal Pod Autoscaling", algorithm
 * details), with nodes for replicas: every `intervalS`,
 *
 *   desired = ceil(ready × utilisation / target)
 *
 * where ready are the nodes in service and utilisation their allocated
 * share averaged over the interval; within `tolerance` of the target
 * nothing changes. Booting nodes count at zero use, as the autoscaler
 * counts pods not yet ready when it scales up, so they add nothing to the
 * product. Scale-down is stabilised: the count taken is the highest
 * recommendation of the last `stabilisationS` seconds, so a dip shorter
 * than the window removes nothing. With no node in service, waiting work
 * asks for one node (the autoscaler cannot scale from zero; a pool here
 * may).
 */
export function targetUtilisationRule(p: DeepReadonly<TargetUtilisationData>): ElasticRule {
  // Recommendations of the window, oldest first.
  const times: number[] = [];
  const counts: number[] = [];
  return {
    name: 'target-utilisation',
    intervalS: p.intervalS,
    desired(v: RuleView): number {
      const ready = v.idle + v.busy + v.draining;
      const active = v.booting + v.idle + v.busy;
      let recommended: number;
      if (ready === 0 || Number.isNaN(v.utilisation)) {
        recommended = v.waitingJobs > 0 ? Math.max(active, 1) : active;
      } else {
        const ratio = v.utilisation / p.target;
        recommended = Math.abs(ratio - 1) <= p.tolerance ? active : Math.ceil(ready * ratio - 1e-9);
      }
      times.push(v.now);
      counts.push(recommended);
      while (times.length > 1 && (times[0] as number) < v.now - p.stabilisationS) {
        times.shift();
        counts.shift();
      }
      let highest = 0;
      for (const c of counts) if (c > highest) highest = c;
      return highest;
    },
  };
}
