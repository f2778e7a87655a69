import type { ElasticRule, RuleView } from './elastic-rule.js';
import { RuleError } from './rule-error.js';

/**
 * A user's rule as a module exports it (default export): a rule object,
 *
 * ```js
 * export default {
 *   name: 'double-the-queue',
 *   intervalS: 30,                       // optional; 0 or absent: after every change
 *   desired: (v) => v.busy + 2 * v.waitingNodes,
 * };
 * ```
 *
 * or a function that makes one per pool and run (for a rule with state).
 */
export type RuleModule = RuleShape | (() => RuleShape);

export interface RuleShape {
  readonly name?: string;
  readonly intervalS?: number;
  desired(view: RuleView): unknown;
}

/** Why a module's default export is not a rule, or undefined when it is one (a function is checked when called). */
export function ruleModuleProblem(exported: unknown): string | undefined {
  if (typeof exported === 'function') return undefined;
  return shapeProblem(exported);
}

function shapeProblem(value: unknown): string | undefined {
  const shape = 'the default export must be a rule — { name?, intervalS?, desired(view) } — or a function that returns one';
  if (value === null || typeof value !== 'object') return `${shape}; got ${describe(value)}`;
  const r = value as { desired?: unknown; intervalS?: unknown };
  if (typeof r.desired !== 'function') return `${shape}; it has no desired(view) function`;
  if (r.intervalS !== undefined && !(typeof r.intervalS === 'number' && Number.isFinite(r.intervalS) && r.intervalS >= 0)) {
    return `intervalS must be a number of seconds >= 0; got ${describe(r.intervalS)}`;
  }
  return undefined;
}

/**
 * The rule a module gives, for one pool of one run, with every answer
 * checked: a rule that throws, or returns anything but a finite number of
 * nodes >= 0, stops the run with a `RuleError` naming the module, the pool,
 * the time and the value. A fractional count is rounded up.
 */
export function userRule(spec: string, module: RuleModule, poolName: string): ElasticRule {
  let made: unknown;
  try {
    made = typeof module === 'function' ? module() : module;
  } catch (e) {
    throw new RuleError(spec, `its factory threw for pool ${poolName}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const problem = shapeProblem(made);
  if (problem !== undefined) throw new RuleError(spec, problem);
  const rule = made as RuleShape;
  return {
    name: typeof rule.name === 'string' && rule.name !== '' ? rule.name : spec,
    intervalS: rule.intervalS ?? 0,
    readsUtilisation: true,
    desired(view: RuleView): number {
      let value: unknown;
      try {
        value = rule.desired(view);
      } catch (e) {
        throw new RuleError(spec, `threw for pool ${poolName} at t=${view.now}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new RuleError(spec, `returned ${describe(value)} for pool ${poolName} at t=${view.now}; desired(view) must return a number of nodes (finite, >= 0)`);
      }
      return Math.ceil(value);
    },
  };
}

/** A value as a message shows it. */
function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    try {
      const text = JSON.stringify(value);
      return text === undefined ? 'an object' : text.length > 60 ? `${text.slice(0, 60)}…` : text;
    } catch {
      return 'an object';
    }
  }
  return String(value);
}
