import { adaptPolicy } from './adapt-policy.js';
import { cheapest } from './cheapest.js';
import { costLatency } from './cost-latency.js';
import { dataGravity } from './data-gravity.js';
import { dbcCost } from './dbc-cost.js';
import { dbcCostTime } from './dbc-cost-time.js';
import { dbcTime } from './dbc-time.js';
import { easyBackfill } from './easy-backfill.js';
import { fifo } from './fifo.js';
import { leastLoaded } from './least-loaded.js';
import { maxMin } from './max-min.js';
import { mct } from './mct.js';
import { met } from './met.js';
import { minMin } from './min-min.js';
import { nearest } from './nearest.js';
import { olb } from './olb.js';
import type { Policy } from './policy.js';
import { UserError } from '../errors.js';
import { priorityPreempt } from './priority-preempt.js';
import { random } from './random.js';
import { bestFit } from './node-level/best-fit.js';
import { dotProduct } from './node-level/dot-product.js';
import { fgd } from './node-level/fgd.js';
import { packing } from './node-level/packing.js';
import { randomNode } from './node-level/random-node.js';
import { roundRobin } from './round-robin.js';
import type { Scheduler } from './scheduler.js';
import { PolicyError } from './policy-error.js';
import { sufferage } from './sufferage.js';
import { isModulePath } from '../scenario/module-path.js';

/**
 * The built-in policies by name, and how a policy named in a scenario
 * becomes a scheduler: a pure table, with no file or module loading (that
 * is `loader/load-policy.ts`, used by the command line and sweeps).
 */

/** Built-in policies by name; each call makes a fresh instance (policies may keep per-run state). */
export const builtinPolicies: Readonly<Record<string, () => Scheduler>> = {
  fifo,
  random,
  'round-robin': roundRobin,
  'least-loaded': leastLoaded,
  cheapest,
  nearest,
  met,
  mct,
  olb,
  'min-min': minMin,
  'max-min': maxMin,
  sufferage,
  'cost-latency': costLatency,
  // issue 18: placement that weighs both transfers under the shared network's current sharing.
  'data-gravity': dataGravity,
  'easy-backfill': easyBackfill,
  'priority-preempt': priorityPreempt,
  // Deadline- and budget-constrained scheduling (Buyya et al.): for markets and priced clusters.
  'dbc-cost': dbcCost,
  'dbc-time': dbcTime,
  'dbc-cost-time': dbcCostTime,
  // Node-level packing policies (the FGD paper's five): they score every node of the candidate pools.
  fgd: () => fgd(),
  'best-fit': bestFit,
  'dot-product': dotProduct,
  packing,
  'random-node': () => randomNode(),
};

/** The names `resolvePolicy` accepts. */
export function policyNames(): string[] {
  return Object.keys(builtinPolicies);
}

/** An unknown policy name; the message lists the known ones. */
export class UnknownPolicyError extends UserError {
  constructor(readonly policyName: string) {
    super(`unknown policy "${policyName}" — known: ${policyNames().join(', ')}, or a path to a .js, .mjs, .ts or .mts module`);
    this.name = 'UnknownPolicyError';
  }
}

/** A fresh instance of the built-in policy called `name`. */
export function resolvePolicy(name: string): Scheduler {
  const make = Object.hasOwn(builtinPolicies, name) ? builtinPolicies[name] : undefined;
  if (make === undefined) throw new UnknownPolicyError(name);
  return make();
}

/**
 * A scheduler for a built-in `Scheduler` or a user's `Policy`. A value that
 * cannot even be asked whether it is a scheduler (a Proxy whose traps
 * throw) is taken for a policy, which `adaptPolicy` then refuses by name.
 */
export function toScheduler(policy: Scheduler | Policy): Scheduler {
  let isScheduler = false;
  try {
    isScheduler = 'decide' in policy && typeof policy.decide === 'function';
  } catch {
    // A hostile object: adaptPolicy reports it.
  }
  return isScheduler ? (policy as Scheduler) : adaptPolicy(policy as Policy);
}

/** How a run names its policy: a built-in's name, a scheduler, or a user's `Policy` (a module already loaded). */
export type PolicyChoice = string | Scheduler | Policy;

/**
 * A fresh scheduler for one run — the one place where a policy choice
 * becomes a scheduler. A module path cannot be resolved here (the library
 * core loads no files): load it with `loadPolicy` / `loadPolicySource`
 * (`loader/load-policy.ts`) and pass the result.
 */
export function schedulerFor(choice: PolicyChoice): Scheduler {
  if (typeof choice !== 'string') return toScheduler(choice);
  if (isModulePath(choice)) throw new PolicyError(choice, 'names a policy module: load it with `await loadPolicy(path)` (or `loadPolicySource`) and pass the result as the policy');
  return resolvePolicy(choice);
}

/**
 * Checks the policies of a comparison or benchmark before any run: none
 * named twice, every name known, no module path left unloaded. Returns
 * their names; `fail` makes the error (`CompareError`, `BenchError`).
 */
export function policyChoiceNames(choices: readonly PolicyChoice[], fail: (message: string) => Error): string[] {
  if (choices.length === 0) throw fail('no policies given');
  const names = choices.map((p) => (typeof p === 'string' ? p : p.name));
  const doubled = names.find((n, i) => names.indexOf(n) !== i);
  if (doubled !== undefined) throw fail(`policy "${doubled}" is listed twice`);
  for (const p of choices) {
    if (typeof p !== 'string') continue;
    if (isModulePath(p)) throw fail(`"${p}" is a module path: load it with loadPolicySource and pass the Policy`);
    resolvePolicy(p); // an unknown name fails before any run
  }
  return names;
}
