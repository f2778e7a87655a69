import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { adaptPolicy } from './adapt-policy.js';
import { cheapest } from './cheapest.js';
import { costLatency } from './cost-latency.js';
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
import { PolicyError } from './policy-error.js';
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
import { sufferage } from './sufferage.js';

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
  'easy-backfill': easyBackfill,
  'priority-preempt': priorityPreempt,
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
    super(`unknown policy "${policyName}" — known: ${policyNames().join(', ')}, or a path to a .js, .mjs or .ts module`);
    this.name = 'UnknownPolicyError';
  }
}

/** A fresh instance of the built-in policy called `name`. */
export function resolvePolicy(name: string): Scheduler {
  const make = Object.hasOwn(builtinPolicies, name) ? builtinPolicies[name] : undefined;
  if (make === undefined) throw new UnknownPolicyError(name);
  return make();
}

/** Whether a policy name is a path to a module rather than a built-in name. */
export function isPolicyPath(name: string): boolean {
  return /\.(m?js|ts|mts)$/.test(name) || name.includes('/') || name.includes('\\');
}

/** A scheduler for a built-in `Scheduler` or a user's `Policy`. */
export function toScheduler(policy: Scheduler | Policy): Scheduler {
  return 'decide' in policy && typeof policy.decide === 'function' ? (policy as Scheduler) : adaptPolicy(policy as Policy);
}

let tsLoaderRegistered = false;

/**
 * A built-in policy by name, or a user policy from a module whose default
 * export has the `Policy` shape (`./my-policy.js`, `.mjs`, or `.ts` through
 * tsx's loader, since Node 20 cannot import TypeScript). Paths resolve
 * against `baseDir`. The result serves one run; see `loadPolicySource` for
 * several.
 */
export async function loadPolicy(spec: string, baseDir = process.cwd()): Promise<Scheduler> {
  const source = await loadPolicySource(spec, baseDir);
  return typeof source === 'string' ? resolvePolicy(source) : toScheduler(source);
}

/**
 * What `loadPolicy` loads, before it is made into a scheduler: a built-in
 * policy's name, or the `Policy` a module exports. A scheduler keeps state
 * for the run it serves, so code that runs a policy many times (compare,
 * sweeps) loads it once with this and makes a fresh scheduler per run with
 * `resolvePolicy` or `toScheduler`.
 */
export async function loadPolicySource(spec: string, baseDir = process.cwd()): Promise<string | Policy> {
  if (!isPolicyPath(spec)) {
    resolvePolicy(spec); // fails now, with the list of names, rather than at the first run
    return spec;
  }
  const path = resolve(baseDir, spec);
  if (!existsSync(path)) throw new PolicyError(spec, `no such policy module: ${path}`);
  const ext = extname(path);
  if ((ext === '.ts' || ext === '.mts') && !tsLoaderRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsLoaderRegistered = true;
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (e) {
    throw new PolicyError(spec, `could not load the module: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const exported = module.default;
  if (exported === null || typeof exported !== 'object' || typeof (exported as { name?: unknown }).name !== 'string') {
    throw new PolicyError(spec, 'the module must have a default export with the Policy shape: { name, filter?, score?, place?, batch?, preempt?, order? }');
  }
  return exported as Policy;
}
