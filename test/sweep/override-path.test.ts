import { describe, expect, it } from 'vitest';
import { parsePath, parseSetArgument, withValueAt } from '../../src/sweep/override-path.js';

describe('field paths', () => {
  it('read names and indices as users write them', () => {
    expect(parsePath('workload[0].arrivals.rate')).toEqual(['workload', 0, 'arrivals', 'rate']);
    expect(parsePath('sites[2].pools[0].nodes')).toEqual(['sites', 2, 'pools', 0, 'nodes']);
    expect(parsePath('horizon')).toEqual(['horizon']);
    expect(parsePath('workload..rate')).toEqual({ error: '"workload..rate" is not a field path: an empty name' });
    expect(parsePath('[0].x')).toEqual({ error: '"[0].x" is not a field path: it starts with an index' });
    expect(parsePath('rate=')).toEqual({ error: '"rate=" is not a field path (at "="); write it like workload[0].arrivals.rate' });
  });

  it('replace a value in a copy, and say by path where a path leaves the document', () => {
    const doc = { horizon: 10, workload: [{ class: 'a', arrivals: { process: 'poisson', rate: 1 } }] };
    const changed = withValueAt(doc, ['workload', 0, 'arrivals', 'rate'], 5);
    expect(changed).toEqual({ doc: { horizon: 10, workload: [{ class: 'a', arrivals: { process: 'poisson', rate: 5 } }] } });
    expect(doc.workload[0]?.arrivals.rate).toBe(1);
    expect(withValueAt(doc, ['workload', 3, 'arrivals', 'rate'], 5)).toEqual({ error: 'workload has 1 entry; [3] is not one of them' });
    expect(withValueAt(doc, ['workload', 0, 'arrivals', 'rat'], 5)).toEqual({ error: 'workload[0].arrivals has no field "rat" — fields there: process, rate' });
    expect(withValueAt(doc, ['horizon', 'x'], 5)).toEqual({ error: 'horizon is not a map of fields, so it has no "x"' });
    // A field the format has but the document leaves out may be set.
    expect(withValueAt(doc, ['warmupS'], 3)).toEqual({ doc: { ...doc, warmupS: 3 } });
  });

  it('split --set values, keeping JSON whole', () => {
    expect(parseSetArgument('workload[0].arrivals.rate=100,200,400')).toEqual({ path: 'workload[0].arrivals.rate', values: [100, 200, 400] });
    expect(parseSetArgument('policy=fifo,cheapest')).toEqual({ path: 'policy', values: ['fifo', 'cheapest'] });
    expect(parseSetArgument('network.rttMs={"a":{"b":1,"c":2}},{"a":{"b":3}}')).toEqual({ path: 'network.rttMs', values: [{ a: { b: 1, c: 2 } }, { a: { b: 3 } }] });
    expect(parseSetArgument('drain=true')).toEqual({ path: 'drain', values: [true] });
    // A quoted text keeps its commas (and its escaped quotes); an unquoted one splits.
    expect(parseSetArgument('description="a, b",c')).toEqual({ path: 'description', values: ['a, b', 'c'] });
    expect(parseSetArgument('description="say \\"x,y\\"",z')).toEqual({ path: 'description', values: ['say "x,y"', 'z'] });
    expect(parseSetArgument('description=a\\,b')).toEqual({ path: 'description', values: ['a\\', 'b'] });
    // A quote left open runs to the end: one value, read as text; so does one that ends in a backslash.
    expect(parseSetArgument('description="a,b')).toEqual({ path: 'description', values: ['"a,b'] });
    expect(parseSetArgument('description=x,"a\\')).toEqual({ path: 'description', values: ['x', '"a\\'] });
    // A quote inside a plain text opens nothing; inside JSON it guards what it holds.
    expect(parseSetArgument('description=5",6')).toEqual({ path: 'description', values: ['5"', 6] });
    expect(parseSetArgument('network.rttMs={"a}":{"b":1}},{"c":{"d":2}}')).toEqual({ path: 'network.rttMs', values: [{ 'a}': { b: 1 } }, { c: { d: 2 } }] });
    expect(parseSetArgument('rate')).toEqual({ error: '--set rate: write it as path=value1,value2,…' });
  });
});
