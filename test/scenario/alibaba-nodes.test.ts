import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { InputError } from '../../src/scenario/problem.js';
import { dataTrace } from '../helpers/data-traces.js';

const traces = dirname(dataTrace('alibaba-gpu-2023', 'x'));

const scenario = (file: string, extra = ''): string => `
name: nodes
chips: { G2: { kind: gpu }, G3: { kind: gpu }, T4: { kind: gpu }, P100: { kind: gpu }, V100M16: { kind: gpu }, V100M32: { kind: gpu }, A10: { kind: gpu }, cpu: { kind: cpu } }
regions: [{ name: hz, lat: 30, lon: 120 }]
sites:
  - from: { format: alibaba-nodes, file: ${file}, region: hz${extra} }
classes: { c: { speed: { G2: 1 }, work: { dist: constant, value: 1 } } }
jobs: [{ class: c, origin: hz, arrival: 0, work: 1 }]
`;

describe('an Alibaba node list as a site', () => {
  it('groups the 1,213 GPU nodes into pools of identical nodes, 6,212 GPUs in all', () => {
    const s = parseScenario(scenario('openb_node_list_gpu_node.csv.gz'), 'test.yaml', traces);
    expect(s.sites).toHaveLength(1);
    const site = s.sites[0];
    expect(site?.name).toBe('alibaba');
    const pools = site?.pools ?? [];
    expect(pools.reduce((n, p) => n + p.nodes, 0)).toBe(1_213);
    expect(pools.reduce((n, p) => n + p.nodes * p.chipsPerNode, 0)).toBe(6_212);
    // The README's table: 549 G2 nodes of 8 GPUs (two CPU/memory shapes would be two pools).
    expect(pools.filter((p) => p.chip === 'G2').reduce((n, p) => n + p.nodes, 0)).toBe(549);
    // CPU in milli-cores and memory in MiB, exactly: 96000 milli → 96 cores, 393216 MiB → 384 GiB.
    expect(pools.find((p) => p.chip === 'G2')).toMatchObject({ name: 'G2x8-96c-384g', chipsPerNode: 8, cpuCores: 96, memGiB: 384 });
  });

  it('gives the 310 CPU-only nodes of the full list one chip named cpuChip', () => {
    const s = parseScenario(scenario('openb_node_list_all_node.csv.gz', ', prices: { G2: 2.5 }'), 'test.yaml', traces);
    const pools = s.sites[0]?.pools ?? [];
    expect(pools.reduce((n, p) => n + p.nodes, 0)).toBe(1_523);
    expect(pools.filter((p) => p.chip === 'cpu').reduce((n, p) => n + p.nodes, 0)).toBe(310);
    expect(pools.find((p) => p.chip === 'G2')?.pricePerChipHour).toBe(2.5);
  });

  it('reports a file that is not a node list, and a malformed row, by file and line', () => {
    const problems = (text: string): string[] => {
      try {
        parseScenario(text, 'test.yaml', resolve(__dirname, '../fixtures/traces'));
      } catch (e) {
        return (e as InputError).problems.map((p) => `${p.file.split('/').at(-1)}:${p.line} ${p.path} ${p.message}`);
      }
      return [];
    };
    expect(problems(scenario('not-nodes.csv'))).toEqual([
      'not-nodes.csv:1  is not an Alibaba node list: the header lacks sn, gpu, model (needs sn, cpu_milli, memory_mib, gpu, model)',
    ]);
    expect(problems(scenario('malformed-nodes.csv'))).toEqual([
      'malformed-nodes.csv:3 column gpu "two" is not a whole number',
      'malformed-nodes.csv:4 column model is empty for a node with 2 GPUs',
    ]);
  });

  it('refuses a node listed twice, at the second row: it would count as two nodes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-alibaba-nodes-'));
    try {
      writeFileSync(join(dir, 'twice.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nn0,96000,393216,8,G2\nn1,96000,393216,8,G2\n  n0,96000,393216,8,G2\n');
      let found: string[] = [];
      try {
        parseScenario(scenario('twice.csv'), 'test.yaml', dir);
      } catch (e) {
        found = (e as InputError).problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
      }
      expect(found).toEqual(['4:3 column sn: node "n0" is listed twice (first at line 2)']);
      writeFileSync(join(dir, 'once.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nn0,96000,393216,8,G2\nn1,96000,393216,8,G2\n');
      expect(parseScenario(scenario('once.csv'), 'test.yaml', dir).sites[0]?.pools.map((p) => p.nodes)).toEqual([2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('locates each problem at its cell: line and column', () => {
    let located: string[] = [];
    try {
      parseScenario(scenario('malformed-nodes.csv'), 'test.yaml', resolve(__dirname, '../fixtures/traces'));
    } catch (e) {
      located = (e as InputError).problems.map((p) => `${p.line}:${p.col}`);
    }
    // "n1,32000,131072," is 16 characters: gpu starts at 17; on line 4 the empty model is the cell after "n2,32000,131072,2,".
    expect(located).toEqual(['3:17', '4:19']);
  });
});
