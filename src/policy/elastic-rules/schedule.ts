import type { DeepReadonly } from '../../scenario/scenario.js';
import type { ScheduleData } from '../../scenario/elastic-schema.js';
import type { ElasticRule } from './elastic-rule.js';

/**
 * `schedule`, capacity by time of day: the count of the step in effect
 * (steps repeat every `periodS`; before the first step of a period, the
 * last step of the previous one holds). Evaluated at each step.
 */
export function scheduleRule(p: DeepReadonly<ScheduleData>): ElasticRule {
  const { periodS, steps } = p;
  const countAt = (t: number): number => {
    const phase = t - Math.floor(t / periodS) * periodS;
    let count = (steps[steps.length - 1] as { nodes: number }).nodes;
    for (const st of steps) if (st.atS <= phase + 1e-9) count = st.nodes;
    return count;
  };
  return {
    name: 'schedule',
    intervalS: 0,
    readsUtilisation: false,
    nextChangeAfter(now: number): number {
      const base = Math.floor(now / periodS) * periodS;
      for (const start of [base, base + periodS]) {
        for (const st of steps) if (start + st.atS > now + 1e-9) return start + st.atS;
      }
      return Infinity;
    },
    desired: (v) => countAt(v.now),
  };
}
