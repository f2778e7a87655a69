import type { BrainPolicy } from '../policy/brain/brain-policy.js';
import { BrainPolicyError } from '../policy/brain/brain-policy-error.js';
import { adaptBrainPolicy } from '../policy/brain/adapt-brain-policy.js';
import type { Policy } from '../policy/policy.js';
import { isModulePath } from '../scenario/module-path.js';
import type { Scenario } from '../scenario/scenario.js';
import type { ScenarioModules } from '../sim/brain/build-brain.js';
import { importDefault } from './import-module.js';
import { loadPolicySource } from './load-policy.js';

/**
 * A user's brain policy from a module whose default export has the
 * `BrainPolicy` shape (`{ name, choose? , score? }`), relative to
 * `baseDir`. A module that does not load, or whose export is not a brain
 * policy, fails here with a `BrainPolicyError` naming the module, the hook
 * and what it holds.
 */
export async function loadBrainPolicy(spec: string, baseDir = process.cwd()): Promise<BrainPolicy> {
  const exported = await importDefault(spec, baseDir, 'brain policy', (message, cause) => new BrainPolicyError(spec, message, { cause }));
  if (exported === null || typeof exported !== 'object') {
    throw new BrainPolicyError(spec, 'the module must have a default export with the BrainPolicy shape: { name, choose?, score? }');
  }
  const policy = exported as BrainPolicy;
  adaptBrainPolicy(policy, spec); // checks the shape now, before any run
  return policy;
}

/**
 * Loads the policy modules a scenario's brain block names — the brain's
 * policy and each site's — relative to the scenario's directory, for
 * `runScenario(scenario, { modules })`. Built-in names need nothing.
 */
export async function loadScenarioModules(scenario: Scenario): Promise<ScenarioModules> {
  const brain = scenario.brain;
  if (brain === undefined) return {};
  const sitePolicies = new Map<string, Policy>();
  for (const site of scenario.sites) {
    const spec = site.policy;
    if (spec === undefined || !isModulePath(spec) || sitePolicies.has(spec)) continue;
    sitePolicies.set(spec, (await loadPolicySource(spec, scenario.baseDir)) as Policy);
  }
  return {
    ...(isModulePath(brain.policy) ? { brainPolicy: await loadBrainPolicy(brain.policy, scenario.baseDir) } : {}),
    ...(sitePolicies.size > 0 ? { sitePolicies } : {}),
  };
}
