import type { Locate } from './check-references.js';
import { isModulePath } from './module-path.js';
import type { Problem } from './problem.js';
import type { ExpandedScenarioData } from './scenario.js';

/** Built-in names a scenario's policies may take; without them, names are checked when the run starts. */
export interface PolicyNameLists {
  /** Scheduling policies (the scenario's `policy` and each site's). */
  policyNames?: readonly string[] | undefined;
  /** Brain policies (`brain.policy`). */
  brainPolicyNames?: readonly string[] | undefined;
  /** The scenario's `policy` is replaced (`run --policy`, `compare --policies`): only the sites' are checked. */
  policyOverridden?: boolean | undefined;
}

/**
 * Checks the scenario's policies: its `policy`, the sites' own and the
 * brain's, and the brain block: a region that
 * exists where round trips are asked for, per-site delays for known sites,
 * `d` no larger than the number of sites, site policies only under a
 * brain, and, when the lists are given, every policy name known. Each
 * problem is located at its field.
 */
export function checkPolicies(s: ExpandedScenarioData, locate: Locate, names: PolicyNameLists = {}): Problem[] {
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: string, key?: string): void => {
    problems.push(locate({ path: [] }, path, message, key));
  };
  const known = (list: readonly string[]): string => list.join(', ');
  const policies = names.policyNames;
  if (policies !== undefined && names.policyOverridden !== true && !isModulePath(s.policy) && !policies.includes(s.policy)) {
    at(['policy'], `unknown policy "${s.policy}" — known: ${known(policies)}`);
  }
  const brain = s.brain;
  for (const site of s.sites) {
    if (site.policy === undefined && site.policyOptions === undefined) continue;
    if (brain === undefined) {
      const field = site.policy === undefined ? 'policyOptions' : 'policy';
      problems.push(locate(site.origin, [field], 'a site schedules its own pools only under a brain: add a `brain` block, or remove this (one central scheduler places every job)'));
      continue;
    }
    if (site.policy !== undefined && policies !== undefined && !isModulePath(site.policy) && !policies.includes(site.policy)) {
      problems.push(locate(site.origin, ['policy'], `unknown policy "${site.policy}" for site "${site.name}" — known: ${known(policies)}, or a module path`));
    }
  }
  if (brain === undefined) return problems;

  // Elastic pools read their demand from the one central queue; under a brain each site queues apart.
  for (const site of s.sites) {
    for (const pool of site.pools) {
      if (pool.elastic !== undefined) {
        problems.push(locate(pool.origin, ['elastic'], `this pool is elastic, and elastic pools do not run under a brain yet: remove the pool's elastic block or the scenario's brain block`));
      }
    }
  }

  const brainNames = names.brainPolicyNames;
  if (brainNames !== undefined && !isModulePath(brain.policy) && !brainNames.includes(brain.policy)) {
    at(['brain', 'policy'], `unknown brain policy "${brain.policy}" — known: ${known(brainNames)}, or a module path`);
  }
  const regionNames = s.regions.map((r) => r.name);
  if (brain.region !== undefined && !regionNames.includes(brain.region)) {
    at(['brain', 'region'], `unknown region "${brain.region}" — known: ${known(regionNames)}`);
  }
  const needsRegion = [brain.view.delayS === 'rtt' ? 'view.delayS: rtt' : '', brain.transfer === 'rtt' ? 'transfer: rtt' : ''].filter((w) => w !== '');
  if (brain.region === undefined && needsRegion.length > 0) {
    at(['brain'], `${needsRegion.join(' and ')} need the brain's region: add region (one of ${known(regionNames)})`);
  }
  const delay = brain.view.delayS;
  if (typeof delay === 'object') {
    const siteNames = s.sites.map((site) => site.name);
    for (const name of Object.keys(delay)) {
      if (!siteNames.includes(name)) at(['brain', 'view', 'delayS'], `unknown site "${name}" — known: ${known(siteNames)}`, name);
    }
  }
  const d = brain.options.d;
  if (d !== undefined) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      at(['brain', 'options', 'd'], `must be a whole number of sites, at least 1; got ${JSON.stringify(d) ?? String(d)}`);
    } else if (d > s.sites.length) {
      at(['brain', 'options', 'd'], `${d} is larger than the number of sites (${s.sites.length}): the brain cannot sample that many`);
    }
  }
  return problems;
}
