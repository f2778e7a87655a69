import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicySource } from '../../src/loader/load-policy.js';
import { runBuiltCli } from '../helpers/built-cli.js';
import { runCli } from '../helpers/run-cli.js';

/** Two pools: `near` declared first, `far` second; a policy that scores the pool index picks `far`. */
const scenario = `name: two-pools
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: near, region: r, pools: [{ name: near-pool, chip: a, nodes: 4 }] }
  - { name: far, lat: 32, lon: 120, pools: [{ name: far-pool, chip: a, nodes: 4 }] }
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 1 } } }
jobs:
  - { class: j, origin: r, arrival: 0, work: 1 }
  - { class: j, origin: r, arrival: 1, work: 1 }
`;

/**
 * Policy modules as users write them in a folder of their own: each picks
 * the pool declared last (`far`), which fifo never does, so a run shows
 * that the module's code ran. Paths are relative to the temporary folder.
 */
const modules: Record<string, string> = {
  // TypeScript, no package.json: the two failures of issue 13.
  'plain/import-type.ts': `import type { JobView, Policy, PoolView } from 'manychip';
const policy: Policy = { name: 'import-type', score: (_job: JobView, pool: PoolView): number => pool.index };
export default policy;
`,
  'plain/annotated.ts': `interface Pool { index: number }
const lastPool = (pool: Pool): number => pool.index;
export default { name: 'annotated', score: (_job: unknown, pool: Pool): number => lastPool(pool) };
`,
  // TypeScript where package.json says CommonJS.
  'commonjs/package.json': '{ "type": "commonjs" }',
  'commonjs/under-commonjs.ts': `import type { Policy } from 'manychip';
export default { name: 'under-commonjs', score: (_job, pool) => pool.index } satisfies Policy;
`,
  'plain/explicit.mts': `export default { name: 'explicit-mts', score: (_job: unknown, pool: { index: number }): number => pool.index };
`,
  // An ES module in .js with no package.json to say so.
  'plain/esm.js': `export default { name: 'esm-js', score: (_job, pool) => pool.index };
`,
  // A CommonJS policy still loads as CommonJS.
  'plain/commonjs.js': `module.exports = { name: 'commonjs-js', score: (_job, pool) => pool.index };
`,
  // A sibling helper imported the TypeScript way, by its .js name.
  'plain/helper.ts': `export const indexOf = (pool: { index: number }): number => pool.index;
`,
  'plain/with-helper.ts': `import { indexOf } from './helper.js';
export default { name: 'with-helper', score: (_job: unknown, pool: { index: number }): number => indexOf(pool) };
`,
  // A value import from 'manychip', in a folder with no node_modules.
  'plain/value-import.ts': `import { PolicyError, policyNames } from 'manychip';
if (typeof PolicyError !== 'function' || !policyNames().includes('fifo')) throw new Error('not manychip');
export default { name: 'value-import', score: (_job: unknown, pool: { index: number }): number => pool.index };
`,
};
const policyFiles = Object.keys(modules).filter((f) => !f.endsWith('package.json') && f !== 'plain/helper.ts');

let dir = '';
let elsewhere = '';
beforeAll(() => {
  // The folder name marks these as user modules for vitest (vitest.config.ts): Node's loader loads them, as in the CLI.
  dir = mkdtempSync(join(tmpdir(), 'manychip-policy-'));
  for (const [file, text] of Object.entries(modules)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  writeFileSync(join(dir, 'two-pools.yaml'), scenario);
  elsewhere = mkdtempSync(join(tmpdir(), 'manychip-cwd-'));
});

/** The sites each policy's runs used, from `compare --format json`. */
function sitesUsed(json: string): Record<string, string[]> {
  const c = JSON.parse(json) as { runs: { policy: string; utilization: { bySite: Record<string, number> } }[] };
  return Object.fromEntries(c.runs.map((r) => [r.policy, Object.entries(r.utilization.bySite).filter(([, u]) => u > 0).map(([site]) => site)]));
}

describe('policy modules from a folder of the user’s own', () => {
  const names = ['import-type', 'annotated', 'under-commonjs', 'explicit-mts', 'esm-js', 'commonjs-js', 'with-helper', 'value-import'];

  it('load with or without a package.json, in TypeScript or JavaScript, and run (in this process)', async () => {
    for (const file of policyFiles) {
      const source = await loadPolicySource(join(dir, file));
      expect(typeof source === 'string' ? source : source.name, file).toBe(names[policyFiles.indexOf(file)]);
    }
    const { code, out, err } = await runCli(['compare', join(dir, 'two-pools.yaml'), '--policies', ['fifo', ...policyFiles.map((f) => join(dir, f))].join(','), '--seeds', '1', '--format', 'json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(sitesUsed(out)).toEqual({ fifo: ['near'], ...Object.fromEntries(names.map((n) => [n, ['far']])) });
  });

  it('load and run in the built CLI, from another working directory, by relative path', () => {
    const policies = ['fifo', ...policyFiles.map((f) => relative(elsewhere, join(dir, f)))].join(',');
    const { code, out, err } = runBuiltCli(['compare', relative(elsewhere, join(dir, 'two-pools.yaml')), '--policies', policies, '--seeds', '1', '--format', 'json'], elsewhere);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(sitesUsed(out)).toEqual({ fifo: ['near'], ...Object.fromEntries(names.map((n) => [n, ['far']])) });
    const run = runBuiltCli(['run', relative(elsewhere, join(dir, 'two-pools.yaml')), '--policy', relative(elsewhere, join(dir, 'plain/import-type.ts'))], elsewhere);
    expect(run.err).toBe('');
    expect(run.out).toMatch(/^two-pools · policy import-type · seed 1/);
  });
});

describe('a policy that is not a module, or does not parse', () => {
  it('refuses a file that is not JavaScript or TypeScript, by name and with the extensions allowed (exit 2)', async () => {
    writeFileSync(join(dir, 'policy.yaml'), 'name: not-code\n');
    const passwd = relative(process.cwd(), '/etc/passwd');
    const { code, err } = await runCli(['compare', join(dir, 'two-pools.yaml'), '--policies', passwd]);
    expect(code).toBe(2);
    expect(err).toBe(`error: policy "${passwd}": /etc/passwd is not a JavaScript or TypeScript module (.js, .mjs, .ts, .mts)\n`);
    const yaml = await runCli(['run', join(dir, 'two-pools.yaml'), '--policy', join(dir, 'policy.yaml')]);
    expect(yaml.code).toBe(2);
    expect(yaml.err).toBe(`error: policy "${join(dir, 'policy.yaml')}": ${join(dir, 'policy.yaml')} is not a JavaScript or TypeScript module (.js, .mjs, .ts, .mts)\n`);
    const folder = await runCli(['run', join(dir, 'two-pools.yaml'), '--policy', join(dir, 'plain')]);
    expect(folder.err).toMatch(/is a directory, not a policy module\n$/);
  });

  it('names the file, line and column of a syntax error, in TypeScript and in JavaScript, also in the built CLI', async () => {
    writeFileSync(join(dir, 'broken.ts'), 'export default {\n  name: "broken",\n  score(: number) { return 1; },\n};\n');
    writeFileSync(join(dir, 'broken.js'), 'export default {\n  name: "broken" "js",\n};\n');
    const ts = await runCli(['run', join(dir, 'two-pools.yaml'), '--policy', join(dir, 'broken.ts')]);
    expect(ts.code).toBe(2);
    expect(ts.err).toBe(`error: policy "${join(dir, 'broken.ts')}": syntax error at ${join(dir, 'broken.ts')}:3:9: Expected identifier but found ":"\n`);
    const js = await runCli(['run', join(dir, 'two-pools.yaml'), '--policy', join(dir, 'broken.js')]);
    expect(js.code).toBe(2);
    expect(js.err).toMatch(new RegExp(`syntax error at ${join(dir, 'broken.js').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:18: `));
    const built = runBuiltCli(['run', 'two-pools.yaml', '--policy', './broken.ts'], dir);
    expect(built.code).toBe(2);
    expect(built.err).toBe(`error: policy "./broken.ts": syntax error at ${join(dir, 'broken.ts')}:3:9: Expected identifier but found ":"\n`);
  });
});
