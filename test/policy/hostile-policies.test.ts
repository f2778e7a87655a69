import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyError, simulate, type Policy } from '../../src/index.js';
import { runCli } from '../helpers/run-cli.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** One pool of one single-chip node; job `first` runs from t=0 to 10, `second` and `third` arrive at 1 and find no room. */
const yaml = `name: hostile
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites: [{ name: s, region: r, pools: [{ name: only, chip: a, nodes: 1 }] }]
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 10 }, preemptible: true } }
jobs:
  - { id: first, class: j, origin: r, arrival: 0, work: 10 }
  - { id: second, class: j, origin: r, arrival: 1, work: 10 }
  - { id: third, class: j, origin: r, arrival: 1, work: 10 }
`;

/** What running the policy throws: a PolicyError's message, or a sign that it was something else. */
function failureOf(policy: Policy): string {
  try {
    simulate(scenarioFrom(yaml), { policy });
  } catch (e) {
    if (e instanceof PolicyError) return e.message;
    return `not a PolicyError: ${String(e)}`;
  }
  return 'ran to the end';
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a user policy that returns what it may not (issue 14, item 12)', () => {
  const cases: [what: string, policy: Policy, message: string][] = [
    ['preempt returning a non-list', { name: 'p', preempt: () => 5 as never }, 'policy "p": preempt returned 5 deciding job second: not a list; allowed: a list of running jobs'],
    ['preempt returning a list with a null entry', { name: 'p', preempt: (_job, ctx) => [...ctx.running(), null] as never }, 'policy "p": preempt returned [{…}, null] deciding job second: entry 1 is null, not a job'],
    ['preempt naming a job that is not running', { name: 'p', preempt: (job) => [job] }, 'deciding job second: entry 0 is a job that is not running'],
    ['batch returning a number', { name: 'b', batch: () => 3 as never }, 'policy "b": batch returned 3: not a list; allowed: a list of { job: JobView from the queue'],
    ['batch returning a null entry', { name: 'b', batch: () => [null] as never }, 'policy "b": batch returned [null]: entry 0 is null'],
    ['batch placing a job not in its queue', { name: 'b', batch: (queue, ctx) => [{ job: { ...(queue[0] as object), index: 7 } as never, pool: ctx.pools[0] as never, mode: 'now' }] }, 'entry 0 names no job of the queue it was given'],
    ['place returning a bare number', { name: 'pl', place: () => 0 as never }, `policy "pl": place returned 0 deciding job first; allowed: { pool: PoolView | pool index, mode?: 'now' | 'enqueue' }, 'wait', undefined (wait) or { reject: string }`],
    ['place returning pool NaN', { name: 'pl', place: () => ({ pool: Number.NaN, mode: 'now' }) }, 'policy "pl": place returned { pool: NaN, mode: "now" } deciding job first: pool NaN is not one of the scenario\'s 1 pools (a PoolView, or an index 0 to 0)'],
    ['place on a pool index out of range', { name: 'pl', place: () => ({ pool: 3, mode: 'now' }) }, 'pool 3 is not one of the scenario\'s 1 pools'],
    ['place with an unknown mode', { name: 'pl', place: (_job, ctx) => ({ pool: ctx.pools[0] as never, mode: 'soon' as never }) }, "mode must be 'now', 'enqueue' or left out (now)"],
    ['a NaN weight', { name: 'w', score: () => ({ cost: 1 }), weights: { cost: Number.NaN } }, 'policy "w": its weights give "cost" NaN; allowed: { part: a finite number ≥ 0, … }'],
    ['an Infinity weight', { name: 'w', score: () => ({ cost: 1 }), weights: { cost: Number.POSITIVE_INFINITY } }, 'policy "w": its weights give "cost" Infinity'],
    ['a score of NaN', { name: 's', score: () => Number.NaN }, 'policy "s": score returned NaN deciding job first; allowed: a finite number, or an object of finite numbers'],
    ['a score of Infinity', { name: 's', score: () => Number.POSITIVE_INFINITY }, 'policy "s": score returned Infinity deciding job first'],
    ['a score that is a string', { name: 's', score: () => 'high' as never }, 'policy "s": score returned "high" deciding job first'],
    ['a score part of NaN', { name: 's', score: () => ({ cost: 1, rtt: Number.NaN }) }, 'policy "s": score returned { cost: 1, rtt: NaN } deciding job first: part "rtt" is NaN'],
    ['a filter returning true', { name: 'f', filter: () => true as never }, 'policy "f": filter returned true deciding job first; allowed: undefined (the pool suits the job) or { reason: string, never?: boolean }'],
    ['an order returning NaN', { name: 'o', order: () => Number.NaN }, 'policy "o": order returned NaN deciding job'],
    ['a hook that throws a number', { name: 't', score: () => { throw 42; } }, 'policy "t": score threw deciding job first: 42 (thrown, not an Error)'],
    ['a hook that throws a string', { name: 't', score: () => { throw 'no pools today'; } }, 'policy "t": score threw deciding job first: "no pools today" (thrown, not an Error)'],
    ['a hook that throws undefined', { name: 't', score: () => { throw undefined; } }, 'policy "t": score threw deciding job first: undefined (thrown, not an Error)'],
    ['a thrown object whose toString throws', { name: 't', score: () => { throw { toString: () => { throw new Error('no'); } }; } }, 'policy "t": score threw deciding job first: { toString: a function toString } (thrown, not an Error)'],
    ['a thrown Proxy', { name: 't', score: () => { throw new Proxy({}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } }); } }, 'policy "t": score threw deciding job first: a Proxy (thrown, not an Error)'],
    ['a returned object with a getter that throws', { name: 'g', place: () => ({ get pool(): number { throw new Error('lazy'); }, mode: 'now' }) as never }, 'policy "g": place returned { pool: (a getter), mode: "now" } deciding job first: reading its pool threw: lazy'],
    ['a returned Proxy', { name: 'x', score: () => new Proxy({}, {}) as never }, 'policy "x": score returned a Proxy deciding job first'],
    ['a hook that is not a function', { name: 'h', score: 5 as never }, 'policy "h": its score is 5: a hook is a function, or left out'],
  ];
  for (const [what, policy, message] of cases) {
    it(`stops the run with a PolicyError naming the policy, the hook and the value: ${what}`, () => {
      expect(failureOf(policy)).toMatch(new RegExp(`${message.startsWith('policy "') ? '^' : ''}${escape(message)}`));
    });
  }

  it('still runs a policy whose hooks return what they may (the checks change nothing else)', () => {
    const polite: Policy = {
      name: 'polite',
      order: (a, b) => a.arrival - b.arrival,
      filter: () => undefined,
      score: () => ({ cost: 1, rtt: 2 }),
      weights: { cost: 0, rtt: 2 },
      lowerIsBetter: ['rtt'],
      preempt: (job, ctx) => (job.id === 'second' ? ctx.running().filter((r) => r.preemptible) : []),
    };
    const run = simulate(scenarioFrom(yaml), { policy: polite });
    expect(run.jobs.preemptions[0]).toBe(1);
  });
});

describe('a hostile policy module (issue 14, item 12)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'manychip-policy-'));
    writeFileSync(join(dir, 'scenario.yaml'), yaml);
  });

  const modules: [what: string, text: string, message: string][] = [
    ['a default export whose name getter throws', "export default { get name() { throw new Error('no name for you'); } };", 'reading its name threw: no name for you'],
    ['a default export whose hook getter throws', "export default { name: 'g', get score() { throw new TypeError('later'); } };", 'error: policy "g": reading its score threw: later'],
    ['a Proxy whose traps all throw', "const no = () => { throw new Error('trap'); };\nexport default new Proxy({}, { get: no, has: no, ownKeys: no, getPrototypeOf: no, getOwnPropertyDescriptor: no });", 'reading its name threw: trap'],
    ['a default export that is a number', 'export default 7;', 'a policy is an object with a name and hooks ({ name, order?, filter?, score?, place?, batch?, preempt? }), not 7'],
    ['a module that throws a non-Error when it loads', "throw { toString() { throw new Error('x'); } };", 'could not load the module: { toString: a function toString } (thrown, not an Error)'],
  ];
  for (const [what, text, message] of modules) {
    it(`is bad input (exit 2) with one line naming what is wrong: ${what}`, async () => {
      const file = join(dir, `${what.replace(/\W+/g, '-')}.mjs`);
      writeFileSync(file, text);
      const { code, out, err } = await runCli(['run', join(dir, 'scenario.yaml'), '--policy', file]);
      expect({ code, out }).toEqual({ code: 2, out: '' });
      expect(err).toContain(message);
      expect(err.trimEnd().split('\n')).toHaveLength(1);
    });
  }
});
