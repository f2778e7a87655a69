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
 * than the window removes nothing.
 *
 * Utilisation alone never makes room for a job that fits on no node in
 * service (a gang wider than the nodes on, or any job with none on), so
 * waiting jobs also ask for the busy nodes plus the nodes they fill, as
 * the cluster autoscaler adds nodes for pending pods.
 */
export function targetUtilisationRule(p: DeepReadonly<TargetUtilisationData>): ElasticRule {
  // Recommendations of the window, oldest first.
  const times: number[] = [];
  const counts: number[] = [];
  return {
    name: 'target-utilisation',
    intervalS: p.intervalS,
    readsUtilisation: true,
    desired(v: RuleView): number {
      const ready = v.idle + v.busy + v.draining;
      const active = v.booting + v.idle + v.busy;
      let recommended = active;
      if (ready > 0 && !Number.isNaN(v.utilisation)) {
        const ratio = v.utilisation / p.target;
        if (Math.abs(ratio - 1) > p.tolerance) recommended = Math.ceil(ready * ratio - 1e-9);
      }
      // Jobs that wait get the nodes they need, as the cluster autoscaler gives pending pods nodes.
      if (v.waitingJobs > 0) recommended = Math.max(recommended, v.busy + v.waitingNodes);
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
