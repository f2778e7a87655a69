import type { Locate } from './check-references.js';
import { elasticRuleNames } from './elastic-schema.js';
import { isModulePath } from './module-path.js';
import type { Problem } from './problem.js';
import type { ExpandedScenarioData } from './scenario.js';
import { meanOf } from './work-size.js';

/**
 * What the schema cannot say about pools' `elastic` blocks: the floor within
 * the ceiling, the starting count within the ceiling, reserved nodes within
 * the floor, a rule that exists with the parameters it needs. A static pool
 * must have a node (only an elastic pool may start with none on).
 */
export function checkElastic(s: ExpandedScenarioData, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  for (const site of s.sites) {
    for (const pool of site.pools) {
      const at = (field: (string | number)[], message: string): void => {
        problems.push(locate(pool.origin, field, message));
      };
      const e = pool.elastic;
      if (e === undefined) {
        if (pool.nodes < 1) at(['nodes'], `must be at least 1; got ${pool.nodes} (only an elastic pool may start with no node on)`);
        continue;
      }
      if (e.minNodes > e.maxNodes) at(['elastic', 'minNodes'], `minNodes (${e.minNodes}) must not exceed maxNodes (${e.maxNodes})`);
      if (pool.nodes > e.maxNodes) at(['nodes'], `an elastic pool starts with at most maxNodes (${e.maxNodes}) nodes on; got ${pool.nodes}`);
      if (e.reservedNodes > e.minNodes) at(['elastic', 'reservedNodes'], `reservedNodes (${e.reservedNodes}) must not exceed minNodes (${e.minNodes}): reserved nodes are always on`);
      if (e.bootS.dist === 'uniform' && e.bootS.min > e.bootS.max) at(['elastic', 'bootS'], `min (${e.bootS.min}) must not exceed max (${e.bootS.max})`);
      else if (!Number.isFinite(meanOf(e.bootS))) at(['elastic', 'bootS'], `has no finite mean (a pareto boot time needs alpha above 1; got ${e.bootS.dist === 'pareto' ? e.bootS.alpha : '?'}): policies are told the mean boot time`);
      if (!(elasticRuleNames as readonly string[]).includes(e.rule) && !isModulePath(e.rule)) {
        at(['elastic', 'rule'], `unknown rule "${e.rule}" — known: ${elasticRuleNames.join(', ')}, or a rule module path (./my-rule.js)`);
      }
      if (e.rule === 'schedule') {
        if (e.schedule === undefined) {
          at(['elastic'], 'rule schedule needs its steps: schedule: { periodS: 86400, steps: [{ atS: 0, nodes: 2 }, …] }');
        } else {
          const steps = e.schedule.steps;
          const unsorted = steps.findIndex((st, i) => i > 0 && !(st.atS > (steps[i - 1]?.atS ?? -1)));
          if (unsorted >= 0) at(['elastic', 'schedule', 'steps', unsorted, 'atS'], 'steps must be in increasing order of atS');
          const beyond = steps.findIndex((st) => st.atS >= (e.schedule?.periodS ?? Infinity));
          if (beyond >= 0) at(['elastic', 'schedule', 'steps', beyond, 'atS'], `must be below periodS (${e.schedule.periodS})`);
        }
      }
    }
  }
  return problems;
}
