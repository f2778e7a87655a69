import { adaptBrainPolicy } from './adapt-brain-policy.js';
import type { BrainPolicy } from './brain-policy.js';
import { BrainPolicyError } from './brain-policy-error.js';
import { BRAIN_POLICY_NAMES, type BrainPolicyName } from './brain-policy-names.js';
import type { BrainScheduler } from './brain-scheduler.js';
import { costLatencySite } from './cost-latency-site.js';
import { lateBinding } from './late-binding.js';
import { leastLoadedSite } from './least-loaded-site.js';
import { powerOfD } from './power-of-d.js';
import { randomSite } from './random-site.js';
import { roundRobinSite } from './round-robin-site.js';
import { isModulePath } from '../../scenario/module-path.js';

/** Built-in brain policies by name; each call makes a fresh instance (they may keep per-run state). */
export const builtinBrainPolicies: Readonly<Record<BrainPolicyName, () => BrainScheduler>> = {
  random: randomSite,
  'round-robin': roundRobinSite,
  'least-loaded': leastLoadedSite,
  'power-of-d': powerOfD,
  'late-binding': lateBinding,
  'cost-latency': costLatencySite,
};

/** The names a scenario's `brain.policy` may take (besides a module path). */
export function brainPolicyNames(): string[] {
  return [...BRAIN_POLICY_NAMES];
}

/** How a run names its brain policy: a built-in's name, or a user's `BrainPolicy` (a module already loaded). */
export type BrainPolicyChoice = string | BrainPolicy;

/**
 * A fresh brain scheduler for one run (`label` names a user's policy in
 * messages: its module's path). A module path cannot be resolved
 * here (the core loads no files): load it with `loadBrainPolicy` or
 * `loadScenarioModules` (`loader/`) and pass the result.
 */
export function brainSchedulerFor(choice: BrainPolicyChoice, label?: string): BrainScheduler {
  if (typeof choice !== 'string') return adaptBrainPolicy(choice, label);
  if (isModulePath(choice)) throw new BrainPolicyError(choice, 'names a brain policy module: load it with `await loadScenarioModules(scenario)` (or `loadBrainPolicy`) and pass the result');
  const make = Object.hasOwn(builtinBrainPolicies, choice) ? builtinBrainPolicies[choice as BrainPolicyName] : undefined;
  if (make === undefined) throw new BrainPolicyError(choice, `unknown brain policy — known: ${brainPolicyNames().join(', ')}, or a path to a .js, .mjs or .ts module`);
  return make();
}
