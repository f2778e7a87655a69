import * as z from 'zod';
import { boundedNumber, bounds } from './field-bounds.js';
import { periodicSteps } from './periodic-steps.js';

/**
 * The `elastic` block of a pool: capacity that is turned on when demand
 * comes and off when it leaves. Kept apart from schema.ts so that the pool
 * schema only gains one optional field. Cross-field rules (minNodes ≤
 * maxNodes, reservedNodes ≤ minNodes, a known rule, …) are checked in
 * `check-elastic.ts`, with every problem located.
 */

/** The rules built in; any other value of `rule` must be a path to a rule module (`./my-rule.js`). */
export const elasticRuleNames = ['demand', 'target-utilisation', 'queue-length', 'schedule'] as const;
export type ElasticRuleName = (typeof elasticRuleNames)[number];

/**
 * The block, given the scenario's distribution schema (`bootS` takes any of
 * them); schema.ts makes it, so that this file needs nothing from it. Built
 * when schema.ts builds its schema, not as the module loads (see there).
 */
export function elasticBlock<D extends z.ZodType>(distribution: D) {
  const durationS = boundedNumber(bounds.durationS);
  const timeS = boundedNumber(bounds.timeS);
  const nodeCount = boundedNumber(bounds.nodeCount);

  const targetUtilisation = z.strictObject({
    target: boundedNumber(bounds.utilisation).default(0.7).describe('fraction of the ready nodes’ chips the rule aims to keep allocated'),
    intervalS: durationS.default(15).describe('seconds between evaluations (the Kubernetes horizontal autoscaler syncs every 15 s)'),
    stabilisationS: timeS
      .default(300)
      .describe('scale-down stabilisation window, seconds: the rule takes the highest recommendation of this window (Kubernetes default 300)'),
    tolerance: boundedNumber(bounds.fraction).default(0.1).describe('no change while utilisation / target is within 1 ± tolerance (Kubernetes default 0.1)'),
  });

  const queueLength = z.strictObject({
    jobsPerStep: boundedNumber(bounds.nodes).default(1).describe('waiting jobs per step'),
    nodesPerStep: boundedNumber(bounds.nodes).default(1).describe('nodes added per step, on top of the busy nodes'),
    intervalS: timeS.default(0).describe('seconds between evaluations; 0: after every change'),
  });

  const schedule = periodicSteps('nodes', nodeCount.describe('nodes wanted from then on (clamped to minNodes..maxNodes)'), 'count');

  return z.strictObject({
    minNodes: nodeCount.default(0).describe('fewest nodes on at any time after start-up (booting nodes count)'),
    maxNodes: boundedNumber(bounds.nodes).describe('most nodes on at once; the pool’s `nodes` is how many are on at the start'),
    bootS: distribution.describe(
      'seconds from power-on until a node can take work: any distribution, e.g. { dist: exponential, mean: 60 } or { dist: constant, value: 30 }',
    ),
    shutdownS: timeS.default(0).describe('seconds from the power-off decision until the node is off (billed and drawing idle power meanwhile)'),
    idleTimeoutS: timeS
      .default(600)
      .describe('seconds a node with nothing to run stays on before it may be powered off; 0: at once (default 600, the Kubernetes cluster autoscaler’s scale-down-unneeded-time)'),
    cooldownS: timeS.default(0).describe('after a scale-up, seconds during which no node is powered off or drained'),
    maxBootsInFlight: boundedNumber(bounds.nodes).optional().describe('most nodes booting at once; default: no limit'),
    rule: z
      .string()
      .min(1, 'must not be empty')
      .default('demand')
      .describe(`how many nodes the pool wants: ${elasticRuleNames.join(', ')}, or a rule module path (./my-rule.js)`),
    targetUtilisation: targetUtilisation.prefault({}).describe('parameters of rule target-utilisation'),
    queueLength: queueLength.prefault({}).describe('parameters of rule queue-length'),
    schedule: schedule.optional().describe('parameters of rule schedule (required by it)'),
    ruleOptions: z.record(z.string(), z.unknown()).default({}).describe('options handed to a rule module'),
    reservedNodes: nodeCount.default(0).describe('nodes paid for the whole run at reservedPricePerChipHour, used or not (at most minNodes)'),
    reservedPricePerChipHour: boundedNumber(bounds.price).default(0).describe('price per chip-hour of reserved nodes'),
  });
}

type ElasticBlockData = z.output<ReturnType<typeof elasticBlock<z.ZodType>>>;
export type TargetUtilisationData = ElasticBlockData['targetUtilisation'];
export type QueueLengthData = ElasticBlockData['queueLength'];
export type ScheduleData = NonNullable<ElasticBlockData['schedule']>;
