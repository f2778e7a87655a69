import fc from 'fast-check';
import type { FuzzCase } from '../fuzz-case.js';
import { smallScenario } from './small-scenario.js';

/**
 * User policy modules that misbehave, written to the case folder and named
 * by a small scenario with contention (so that every hook is called): a
 * hook that returns garbage or throws something that is not an Error
 * (from some job on, or at once), weights that are NaN or infinite,
 * a module whose default export is missing, a Proxy or has a throwing
 * getter, a module that throws as it loads or is not JavaScript at all.
 * A hook that never returns can only be stopped from outside the process,
 * so that case runs through the CLI alone, with --timeout (exit 4, naming
 * the hook).
 */

const hooks = ['order', 'filter', 'score', 'place', 'batch', 'preempt'] as const;
export type Hook = (typeof hooks)[number];

/** What each hook does when it behaves: enough to keep the run going. */
const fallback: Record<Hook, string> = {
  order: '(a, b) => a.arrival - b.arrival',
  filter: '() => undefined',
  score: '(job, pool) => pool.freeChips',
  place: "(job, ctx) => { const p = ctx.candidates(job).find((c) => ctx.fitsNow(job, c)); return p === undefined ? 'wait' : { pool: p, mode: 'now' }; }",
  batch: "(queue, ctx) => queue.flatMap((job) => { const p = ctx.candidates(job).find((c) => ctx.fitsNow(job, c)); return p === undefined ? [] : [{ job, pool: p, mode: 'now' }]; })",
  preempt: '() => []',
};

/** Values a hook may return that no hook should (JavaScript expressions over `args`). */
const garbage = [
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  '"text"',
  '{}',
  '[]',
  '42',
  '-1',
  '1e308',
  'true',
  'Symbol("s")',
  'Promise.resolve(1)',
  '() => 1',
  'Object.create(null)',
  '{ pool: 999, mode: "now" }',
  '{ pool: -1, mode: "now" }',
  '{ pool: 0.5, mode: "now" }',
  '{ pool: "near", mode: "now" }',
  '{ pool: 0, mode: "bogus" }',
  '{ pool: 0, mode: "enqueue", job: { index: 9999 } }',
  '{ reject: 42 }',
  '{ reject: "" }',
  '"wait"',
  '[null]',
  '[42]',
  '[{}]',
  '[{ pool: 0, mode: "now" }]',
  '[{ job: args[0] && args[0][0], pool: 0, mode: "now" }, { job: args[0] && args[0][0], pool: 0, mode: "now" }]',
  '[args[0], args[0]]',
  'args[1] && args[1].running ? args[1].running() : [args[0]]',
  'new Proxy({}, { get() { throw new Error("proxy get"); } })',
  '{ reason: 5 }',
  '{ reason: "no", never: "yes" }',
  '{ a: NaN, b: 1 }',
  '{ cost: Infinity }',
  'args[1]',
];

/** Things a hook may throw: errors, and values that are not errors at all. */
const thrown = [
  'new Error("hostile")',
  '"a string"',
  '42',
  'null',
  'undefined',
  '{ toString() { throw new Error("toString throws"); } }',
  'Symbol("thrown")',
  'Object.create(null)',
  'new Proxy({}, { get() { throw 1; } })',
];

/** Calls into the context a hook should not make. */
const ctxMisuse = ['args[args.length - 1].fitsNow(args[0], 999)', 'args[args.length - 1].candidates(null)', 'args[args.length - 1].fitsNow({}, {})', 'Object.assign(args[0], { chips: 99 })'];

/** Whole modules that are wrong before a hook is ever called. */
export const modules: Record<string, string> = {
  'no default export': 'export const policy = { name: "x" };\n',
  'default export null': 'export default null;\n',
  'default export a function': 'export default function () { return 1; }\n',
  'default export a number': 'export default 42;\n',
  'name not a string': 'export default { name: 42 };\n',
  'a getter that throws': 'export default { name: "getter", get score() { throw new Error("getter"); } };\n',
  'a getter that throws a non-Error': 'export default { name: "getter", get place() { throw { toString() { throw 1; } }; } };\n',
  'a Proxy that throws': 'export default new Proxy({ name: "proxy" }, { get(t, k) { if (k === "name") return "proxy"; throw new Error("trap " + String(k)); } });\n',
  'a Proxy whose has() throws': 'export default new Proxy({ name: "proxy" }, { has() { throw 1; }, get(t, k) { return k === "name" ? "proxy" : undefined; } });\n',
  'throws while loading': 'throw new Error("at load");\n',
  'throws a non-Error while loading': 'throw { toString() { throw new Error("no"); } };\n',
  'a syntax error': 'export default { name: "x", score( };\n',
  'JSON, not JavaScript': '{"name": "x", "score": 1}\n',
  'empty': '',
  'NaN and Infinity weights': 'export default { name: "weights", score: (j, p) => ({ a: p.freeChips, b: 1 }), weights: { a: NaN, b: Infinity } };\n',
  'lowerIsBetter not a list': 'export default { name: "lower", score: (j, p) => ({ a: p.freeChips }), lowerIsBetter: 42 };\n',
  'strictOrder not a boolean': 'export default { name: "strict", strictOrder: "yes" };\n',
  'an async hook': 'export default { name: "async", async score() { return 1; }, async place() { return "wait"; } };\n',
};

const hookCase = fc.record({
  hook: fc.constantFrom(...hooks),
  action: fc.oneof(
    fc.constantFrom(...garbage).map((expr) => ({ kind: 'return' as const, expr })),
    fc.constantFrom(...thrown).map((expr) => ({ kind: 'throw' as const, expr })),
    fc.constantFrom(...ctxMisuse).map((expr) => ({ kind: 'call' as const, expr })),
  ),
  after: fc.constantFrom(0, 0, 3, 20),
});

/**
 * A module whose `hook` misbehaves once it is asked about a job of index
 * `after` or later, and behaves before. The trigger is the job, not a call
 * count kept in the module: module state would outlive one run, and two
 * runs of the same seed must agree.
 */
export function hookModule(hook: Hook, action: { kind: 'return' | 'throw' | 'call'; expr: string }, after: number): string {
  const misbehave = action.kind === 'throw' ? `throw ${action.expr};` : action.kind === 'return' ? `return ${action.expr};` : `${action.expr};`;
  return `const good = ${fallback[hook]};
export default {
  name: 'hostile-${hook}',
  ${hook}(...args) {
    const job = Array.isArray(args[0]) ? args[0][0] : args[0];
    if (job !== undefined && job.index >= ${after}) { ${misbehave} }
    return good(...args);
  },
};
`;
}

const neverReturns = `export default { name: 'endless', score() { for (;;) {} } };\n`;

export const hostilePolicyFamily: fc.Arbitrary<FuzzCase> = fc
  .record({
    what: fc.oneof(
      { weight: 6, arbitrary: hookCase.map((h) => ({ hook: h })) },
      { weight: 2, arbitrary: fc.constantFrom(...Object.keys(modules)).map((m) => ({ module: m })) },
      { weight: 1, arbitrary: fc.constant({ endless: true as const }) },
    ),
    ext: fc.constantFrom('.mjs', '.mjs', '.mjs', '.js', '.ts'),
    command: fc.constantFrom('run', 'compare'),
  })
  .map((g) => {
    let text: string;
    let label: string;
    if ('hook' in g.what) {
      const h = g.what.hook;
      text = hookModule(h.hook, h.action, h.after);
      label = `${h.hook} ${h.action.kind === 'throw' ? 'throws' : h.action.kind === 'return' ? 'returns' : 'calls'} ${h.action.expr} from job ${h.after} on`;
    } else if ('module' in g.what) {
      text = modules[g.what.module] ?? '';
      label = `module: ${g.what.module}`;
    } else {
      text = neverReturns;
      label = 'score never returns';
    }
    return policyCase(`${label} (${g.ext})`, text, g.ext, g.command, 'endless' in g.what);
  });

/** A case that runs a small scenario under the policy module `text`, through the library and (`command`) the CLI. */
export function policyCase(label: string, text: string, ext: string, command: string, endless = false): FuzzCase {
  const file = `policy${ext}`;
  const spec = `./${file}`;
  const files = [
    { path: 'scenario.yaml', text: smallScenario(spec, 200) },
    { path: file, text },
  ];
  if (endless) {
    // Only a process boundary can stop a hook that never returns: the CLI, with its --timeout.
    return {
      family: 'hostile-policy',
      label,
      files,
      argv: command === 'run' ? ['run', 'scenario.yaml', '--timeout', '2'] : ['compare', 'scenario.yaml', '--policies', `${spec},fifo`, '--seeds', '2', '--quiet', '--timeout', '2'],
      cliOnly: true,
      needsFlag: '--timeout',
    };
  }
  return {
    family: 'hostile-policy',
    label,
    files,
    library: { scenario: 'scenario.yaml', comparePolicies: [spec, 'fifo'] },
    argv: command === 'run' ? ['run', 'scenario.yaml', '--format', 'json'] : ['compare', 'scenario.yaml', '--policies', `${spec},fifo`, '--seeds', '2', '--format', 'json', '--quiet'],
  };
}
