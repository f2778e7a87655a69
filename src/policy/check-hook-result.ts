import { types } from 'node:util';
import { describeThrown, describeValue } from './describe-value.js';
import type { HookName, Unfit } from './policy.js';
import { PolicyError } from './policy-error.js';

/**
 * Checks of what a user policy's hook returned. Each takes the value and
 * the call it came from, and returns the value in a normal form (fresh
 * objects, numbers for pools and jobs) or throws a `PolicyError` naming
 * the policy, the hook, the value (described safely, see `describeValue`)
 * and what the hook may return. Pure: they read the value and nothing
 * else, so any caller of user hooks can use them.
 */

/** Which call of which hook a value came from, for messages. */
export interface HookCall {
  policy: string;
  hook: HookName;
  /** The job being decided, by id, if any. */
  job?: string | undefined;
}

/** What each hook may return, as the messages say it. */
export const allowedResults: Readonly<Record<HookName, string>> = {
  order: 'a number (negative when a goes first, positive when b does, 0 for either)',
  filter: 'undefined (the pool suits the job) or { reason: string, never?: boolean }',
  score: 'a finite number, or an object of finite numbers ({ part: value, … }); use filter to rule a pool out',
  place: "{ pool: PoolView | pool index, mode?: 'now' | 'enqueue' }, 'wait', undefined (wait) or { reject: string }",
  batch: "a list of { job: JobView from the queue, pool: PoolView | pool index, mode?: 'now' | 'enqueue' }",
  preempt: 'a list of running jobs (JobViews from ctx.running()), possibly empty',
};

/** Throws the `PolicyError` for a hook that returned `value`; `detail` says what exactly is wrong with it. */
export function invalidResult(call: HookCall, value: unknown, detail?: string): never {
  const about = call.job === undefined ? '' : ` deciding job ${call.job}`;
  const why = detail === undefined ? '' : `: ${detail}`;
  throw new PolicyError(call.policy, `${call.hook} returned ${describeValue(value)}${about}${why}; allowed: ${allowedResults[call.hook]}`);
}

/** `order(a, b)`: any number but NaN (sorting with NaN has no meaning). */
export function checkOrder(value: unknown, call: HookCall): number {
  if (typeof value !== 'number' || Number.isNaN(value)) invalidResult(call, value);
  return value;
}

/** `filter(job, pool, ctx)`: undefined or null when the pool suits, else why not, and whether never. */
export function checkFilter(value: unknown, call: HookCall): Unfit | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) invalidResult(call, value);
  const reason = field(value, 'reason', call);
  if (typeof reason !== 'string') invalidResult(call, value, 'its reason must be a string');
  const never = field(value, 'never', call);
  if (never !== undefined && typeof never !== 'boolean') invalidResult(call, value, 'never must be true, false or left out');
  return never === true ? { reason, never } : { reason };
}

/** `score(job, pool, ctx)`: a finite number, or named finite parts (returned in an object without a prototype). */
export function checkScore(value: unknown, call: HookCall): number | Readonly<Record<string, number>> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalidResult(call, value);
    return value;
  }
  if (!isRecord(value)) invalidResult(call, value);
  const parts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const key of keysOf(value, call)) {
    const part = field(value, key, call);
    if (typeof part !== 'number' || !Number.isFinite(part)) invalidResult(call, value, `part ${JSON.stringify(key)} is ${describeValue(part)}`);
    parts[key] = part;
  }
  return parts;
}

/** What `place` decided, in normal form. */
export type PlaceResult = { kind: 'wait' } | { kind: 'reject'; reason: string } | { kind: 'place'; pool: number; mode: 'now' | 'enqueue' };

/** `place(job, ctx)`: a placement on one of `poolCount` pools, 'wait' (or undefined), or a rejection. */
export function checkPlace(value: unknown, call: HookCall, poolCount: number): PlaceResult {
  if (value === undefined || value === 'wait') return { kind: 'wait' };
  if (!isRecord(value)) invalidResult(call, value);
  const reject = field(value, 'reject', call);
  if (reject !== undefined) {
    if (typeof reject !== 'string') invalidResult(call, value, 'reject must be a string, the reason');
    return { kind: 'reject', reason: reject };
  }
  return { kind: 'place', ...placement(value, value, call, poolCount) };
}

/** One placement of a batch, in normal form. */
export interface BatchResult {
  job: number;
  pool: number;
  mode: 'now' | 'enqueue';
}

/** `batch(queue, ctx)`: a list (undefined: none) of placements of jobs from `queue` (job indices) on one of `poolCount` pools. */
export function checkBatch(value: unknown, call: HookCall, queue: readonly number[], poolCount: number, jobOf: (entry: unknown) => number | undefined = jobIndex): BatchResult[] {
  if (value === undefined) return [];
  const entries = listOf(value, call);
  let inQueue: Set<number> | undefined;
  return entries.map((entry, i) => {
    if (!isRecord(entry)) invalidResult(call, value, `entry ${i} is ${describeValue(entry)}`);
    const job = jobOf(field(entry, 'job', call));
    inQueue ??= new Set(queue);
    if (job === undefined || !inQueue.has(job)) invalidResult(call, value, `entry ${i} names no job of the queue it was given`);
    return { job, ...placement(entry, value, call, poolCount, `entry ${i}: `) };
  });
}

/** `preempt(job, ctx)`: a list (undefined: none) of jobs for which `isRunning` holds, as job indices. */
export function checkPreempt(value: unknown, call: HookCall, isRunning: (job: number) => boolean, jobOf: (entry: unknown) => number | undefined = jobIndex): number[] {
  if (value === undefined) return [];
  return listOf(value, call).map((entry, i) => {
    const job = jobOf(entry);
    if (job === undefined) invalidResult(call, value, `entry ${i} is ${describeValue(entry)}, not a job`);
    if (!isRunning(job)) invalidResult(call, value, `entry ${i} is a job that is not running`);
    return job;
  });
}

/** A placement's pool and mode; `whole` is what the hook returned, for the message. */
function placement(entry: object, whole: unknown, call: HookCall, poolCount: number, where = ''): { pool: number; mode: 'now' | 'enqueue' } {
  const given = field(entry, 'pool', call);
  const pool = typeof given === 'number' ? given : isRecord(given) ? field(given, 'index', call) : given;
  if (typeof pool !== 'number' || !Number.isInteger(pool) || pool < 0 || pool >= poolCount) {
    invalidResult(call, whole, `${where}pool ${describeValue(given)} is not one of the scenario's ${poolCount} pools (a PoolView, or an index 0 to ${poolCount - 1})`);
  }
  const mode = field(entry, 'mode', call);
  if (mode !== undefined && mode !== 'now' && mode !== 'enqueue') invalidResult(call, whole, `${where}mode must be 'now', 'enqueue' or left out (now)`);
  return { pool, mode: mode ?? 'now' };
}

/** A job's index from a JobView (or anything with a whole-number index); undefined otherwise. */
export function jobIndex(view: unknown): number | undefined {
  if (!isRecord(view)) return undefined;
  const index = Object.getOwnPropertyDescriptor(view, 'index')?.value as unknown;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : undefined;
}

/** The entries of a list a hook returned: a real array, read without running user code. */
function listOf(value: unknown, call: HookCall): unknown[] {
  if (types.isProxy(value) || !Array.isArray(value)) invalidResult(call, value, 'not a list');
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) out.push(field(value, String(i), call));
  return out;
}

/** A plain object (or array) that is not a Proxy: its fields can be read without traps. */
function isRecord(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !types.isProxy(value);
}

function keysOf(value: object, call: HookCall): string[] {
  try {
    return Object.keys(value);
  } catch (e) {
    return invalidResult(call, value, `listing its fields threw: ${describeThrown(e)}`);
  }
}

/** A field of a returned object; a getter runs (user code), and one that throws is the policy's error, not ours. */
function field(value: object, key: string, call: HookCall): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch (e) {
    return invalidResult(call, value, `reading its ${key} threw: ${describeThrown(e)}`);
  }
}
