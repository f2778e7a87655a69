/**
 * A case through the library entry points, in this process: load the
 * scenario (`loadScenarioFile`), load its policy (`loadPolicySource` for a
 * module), run it twice with the same seed (`runScenario`), check the
 * invariants on the first results and that the two agree to the byte
 * (perf aside), then, when the run was cheap, `compare` two policies over
 * two seeds and check every run of that too. Runs in the sandbox process
 * (sandbox.ts), which the harness can kill.
 */
import { resolve } from 'node:path';
import { compare } from '../../src/compare/compare.js';
import { loadPolicySource, loadScenarioFile, policyNames, resolvePolicy, runScenario, toScheduler, type Policy, type Scenario } from '../../src/index.js';
import { checkResults } from './check-results.js';
import { classifyThrown, type ThrownInfo } from './classify.js';
import type { LibraryRun, Outcome } from './fuzz-case.js';
import { isModulePath } from '../../src/scenario/module-path.js';

/** Runs with more events than this are not compared (2 policies × 2 seeds would cost four more runs). */
export const COMPARE_MAX_EVENTS = 5000;

/** Runs one case through the library; never throws. */
export async function runLibraryCase(dir: string, run: LibraryRun): Promise<Outcome> {
  let scenario: Scenario;
  try {
    scenario = loadScenarioFile(resolve(dir, run.scenario), { policyNames: policyNames() });
  } catch (e) {
    return classifyThrown(thrownInfo(e));
  }
  try {
    const source: string | Policy = isModulePath(scenario.policy) ? await loadPolicySource(scenario.policy, scenario.baseDir) : scenario.policy;
    const fresh = (): ReturnType<typeof toScheduler> => (typeof source === 'string' ? resolvePolicy(source) : toScheduler(source));
    const first = runScenario(scenario, { policy: fresh() });
    const second = runScenario(scenario, { policy: fresh() });
    const violations = checkResults(first);
    const bytes = (r: object): string => JSON.stringify({ ...r, perf: undefined });
    if (bytes(first) !== bytes(second)) {
      return { kind: 'invariant-violation', via: 'library', message: 'same seed → same bytes: two runs differ', detail: firstDifference(bytes(first), bytes(second)) };
    }
    const broken = violations[0];
    if (broken !== undefined) {
      return {
        kind: 'invariant-violation',
        via: 'library',
        message: `${broken.invariant}: ${broken.pattern}`,
        detail: violations.map((v) => `${v.invariant}: ${v.where} = ${v.value}`).join('\n'),
      };
    }
    if (run.comparePolicies !== undefined && first.events <= COMPARE_MAX_EVENTS) {
      const policies = await Promise.all(
        run.comparePolicies.map((p) => (isModulePath(p) ? loadPolicySource(p, scenario.baseDir) : Promise.resolve(p))),
      );
      const comparison = compare(scenario, { policies, seeds: 2 });
      for (const r of comparison.runs) {
        const v = checkResults(r)[0];
        if (v !== undefined) return { kind: 'invariant-violation', via: 'library', message: `${v.invariant}: ${v.pattern} (in compare)`, detail: `${v.where} = ${v.value}` };
      }
    }
    return { kind: 'ok', via: 'library', message: `${first.jobs.arrived} jobs, ${first.events} events` };
  } catch (e) {
    return classifyThrown(thrownInfo(e));
  }
}

/** What was thrown, safely: a thrown value may be anything, even an object whose every property throws. */
export function thrownInfo(e: unknown): ThrownInfo {
  const classes: string[] = [];
  try {
    let proto: unknown = e !== null && typeof e === 'object' ? Object.getPrototypeOf(e) : undefined;
    while (proto !== null && proto !== undefined && proto !== Object.prototype) {
      const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof name === 'string') classes.push(name);
      proto = Object.getPrototypeOf(proto);
    }
  } catch {
    classes.push('unreadable');
  }
  if (classes.length === 0) classes.push(e === null ? 'null' : typeof e);
  let message: string;
  let stack: string | undefined;
  try {
    message = e instanceof Error ? e.message : String(e);
    stack = e instanceof Error ? e.stack : undefined;
  } catch {
    message = 'a value that cannot be printed';
  }
  return { classes, message, ...(stack === undefined ? {} : { stack }) };
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `first difference at character ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}
