import type { DeepReadonly } from '../../scenario/scenario.js';
import type { QueueLengthData } from '../../scenario/elastic-schema.js';
import type { ElasticRule, RuleView } from './elastic-rule.js';

/**
 * `queue-length`, step scaling on the queue: the busy nodes, plus
 * `nodesPerStep` for every `jobsPerStep` jobs waiting for the pool (or
 * part of them). Evaluated every `intervalS`, or after every change when 0.
 */
export function queueLengthRule(p: DeepReadonly<QueueLengthData>): ElasticRule {
  return {
    name: 'queue-length',
    intervalS: p.intervalS,
    readsUtilisation: false,
    desired: (v: RuleView) => v.busy + p.nodesPerStep * Math.ceil(v.waitingJobs / p.jobsPerStep),
  };
}
