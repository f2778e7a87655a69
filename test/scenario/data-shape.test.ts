import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../src/index.js';
import { MAX_NESTING_DEPTH } from '../../src/scenario/data-shape.js';
import { scenarioFromData } from '../../src/scenario/parse-scenario.js';
import { SourceDocument } from '../../src/scenario/source-document.js';
import { problemsOf } from '../helpers/problems.js';
import { tinyScenarioYaml as minimal } from '../helpers/scenarios.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-shape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const problems = (text: string, file = 'test.yaml'): string[] => problemsOf(() => parseScenario(text, file, dir));

describe('nesting depth', () => {
  const deep = 1000;
  it('refuses flow-style YAML nested 1,000 levels with a located message, not a stack overflow', () => {
    expect(problems(`name: ${'['.repeat(deep)}${']'.repeat(deep)}\n`)).toEqual([`test.yaml:1:${6 + MAX_NESTING_DEPTH} nests lists and maps more than ${MAX_NESTING_DEPTH} levels deep`]);
  });

  it('refuses JSON nested 1,000 levels', () => {
    expect(problems(`{"name": ${'{"a": '.repeat(deep)}1${'}'.repeat(deep)}}`, 'test.json')).toEqual([
      `test.json:1:${10 + 6 * (MAX_NESTING_DEPTH - 1)} nests lists and maps more than ${MAX_NESTING_DEPTH} levels deep`,
    ]);
  });

  it('refuses block-style sequences nested 1,000 levels on one line', () => {
    expect(problems(`name:\n  ${'- '.repeat(deep)}x\n`)).toEqual([`test.yaml:2:${3 + 2 * (MAX_NESTING_DEPTH - 1)} nests lists and maps more than ${MAX_NESTING_DEPTH} levels deep`]);
  });

  it('refuses data nested too deep that did not come from text (a sweep override), at its path', () => {
    const parsed = SourceDocument.parse(minimal, 'test.yaml');
    if (!('data' in parsed)) throw new Error('minimal scenario must parse');
    let nested: unknown = 1;
    for (let i = 0; i < deep; i++) nested = { a: nested };
    const data = { ...(parsed.data as object), policyOptions: { deep: nested } };
    expect(() => scenarioFromData(data, parsed.source, dir)).toThrow(`nests lists and maps more than ${MAX_NESTING_DEPTH} levels deep`);
  });

  it('accepts policy options nested well within the limit', () => {
    const nested = `${'{ a: '.repeat(MAX_NESTING_DEPTH - 4)}1${' }'.repeat(MAX_NESTING_DEPTH - 4)}`;
    expect(parseScenario(`${minimal}policyOptions: { deep: ${nested} }\n`, 'test.yaml', dir).name).toBe('tiny');
  });
});

describe('several YAML documents in one file', () => {
  it('says how many documents the file holds, at the second one', () => {
    expect(problems(`${minimal}---\nname: other\n---\nname: third\n`)).toEqual(['test.yaml:9:1 this file holds 3 YAML documents; a scenario is one document (remove the "---" or "..." line, or split the file)']);
  });
});

describe('reserved names', () => {
  it('refuses a class named __proto__ by name, where it is declared and where it is used', () => {
    const text = minimal.replace('  c: {', '  __proto__: {').replace('class: c,', 'class: __proto__,');
    expect(problems(text)).toEqual([
      'test.yaml:6:3 classes.__proto__: "__proto__" cannot be used as a name: every JavaScript object has a property of that name',
      'test.yaml:8:14 jobs[0].class: "__proto__" cannot be used as a name: every JavaScript object has a property of that name',
    ]);
  });

  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'prototype']) {
    it(`refuses "${name}" as a chip, region, site or class name`, () => {
      const asChip = minimal.replace('chips: { a:', `chips: { ${name}:`).replace('chip: a,', `chip: ${name},`).replace('speed: { a: 1 }', `speed: { ${name}: 1 }`);
      expect(problems(asChip).every((p) => p.includes(`"${name}" cannot be used as a name`))).toBe(true);
      const asRegion = minimal.replaceAll('name: r }', `name: ${name} }`).replace('region: r,', `region: ${name},`).replace('origin: r,', `origin: ${name},`);
      expect(problems(asRegion)[0]).toContain(`regions[0].name: "${name}" cannot be used as a name`);
      expect(problems(minimal.replace('name: s,', `name: ${name},`))).toEqual([`test.yaml:4:17 sites[0].name: "${name}" cannot be used as a name: every JavaScript object has a property of that name`]);
    });
  }

  it('refuses a reserved name in a CSV node list and an RTT matrix at its line, and pollutes nothing', () => {
    writeFileSync(join(dir, 'proto-nodes.csv'), 'site,region,chip,count\nhub,r,a,2\n__proto__,r,a,1\n');
    writeFileSync(join(dir, 'proto-rtt.csv'), 'origin,s\nr,3\n__proto__,7\n');
    const text = minimal.replace('sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 2 }] }]', 'sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 2 }] }, { from: { format: csv, file: proto-nodes.csv } }]\nnetwork: { rttMsFile: proto-rtt.csv }');
    const why = '"__proto__" cannot be used as a name: every JavaScript object has a property of that name';
    try {
      expect(problems(text)).toEqual([`${relative(process.cwd(), join(dir, 'proto-nodes.csv'))}:3:1 column site: ${why}`, `${relative(process.cwd(), join(dir, 'proto-rtt.csv'))}:3:1 ${why}`]);
      expect(({} as Record<string, unknown>).s).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).s;
    }
  });

  it('runs a scenario whose names only resemble reserved ones', () => {
    const text = minimal.replaceAll(/\ba\b/g, 'proto').replace('  c: {', '  constructors: {').replace('class: c,', 'class: constructors,');
    const r = runScenario(parseScenario(text, 'test.yaml', dir));
    expect(r.jobs.completed).toBe(1);
  });
});
