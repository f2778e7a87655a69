import { describe, expect, it } from 'vitest';
import { lineBandChart, type LineBandSeries } from '../../src/report/svg/line-band-chart.js';
import { escapeHtml } from '../../src/report/svg/escape.js';
import { hostileName } from './html-report-fixture.js';
import { sweepSeries } from './line-band-fixture.js';

const xTicks = (svg: string): { x: number; label: string }[] => {
  const g = /<g class="axis axis-x">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...g.matchAll(/<text x="([\d.-]+)"(?! class)[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), label: m[2] as string }));
};
const tickLines = (svg: string): number[] => {
  const g = /<g class="axis axis-x">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...g.matchAll(/<line class="tick" x1="([\d.-]+)"/g)].map((m) => Number(m[1]));
};
const dots = (svg: string): number[] => [...svg.matchAll(/<circle cx="([\d.-]+)"/g)].map((m) => Number(m[1]));

const kinds = ['training', hostileName, 'inference'];
const byKind: LineBandSeries[] = [
  { name: 'fifo', points: kinds.map((_, i) => ({ x: i, y: 1 + i, lo: 0.5 + i, hi: 1.5 + i })) },
  { name: 'sjf', points: kinds.map((_, i) => ({ x: i, y: 2 + i })) },
];
const options = (width = 480, categories: readonly string[] = kinds) => ({ name: 'kinds', title: 't', x: { quantity: 'workload kind', categories }, y: { quantity: 'p95 JCT', unit: 's' as const }, bandName: '95% CI', width, height: 300 });

describe('lineBandChart with categories along x', () => {
  it('puts a tick per category, labelled with its name (escaped), evenly spaced with half a step either side', () => {
    const svg = lineBandChart(byKind, options(900));
    const ticks = xTicks(svg);
    expect(ticks.map((t) => t.label)).toEqual(kinds.map(escapeHtml));
    const at = tickLines(svg);
    expect(at).toHaveLength(3);
    const step = (at[1] as number) - (at[0] as number);
    expect((at[2] as number) - (at[1] as number)).toBeCloseTo(step, 1);
    // Half a step before the first and after the last: the plot is three steps wide.
    expect(at[0] as number).toBeCloseTo(step / 2, 1);
    expect(dots(svg).slice(0, 3)).toEqual(at);
  });

  it('names the category in tooltips and leaves the unit out of the axis title', () => {
    const svg = lineBandChart(byKind, options());
    expect(svg).toContain(`<title>fifo: workload kind ${escapeHtml(hostileName)}, p95 JCT 2 s; 95% CI 1.5 s to 2.5 s</title>`);
    expect(svg).toContain('>workload kind</text>');
  });

  it('cuts a name longer than its step with an ellipsis, and keeps it whole in tooltips', () => {
    const long = ['a very long workload kind name indeed, longer than any step', 'b', 'c'];
    const svg = lineBandChart(byKind, options(300, long));
    const first = xTicks(svg)[0]?.label ?? '';
    expect(first.endsWith('…')).toBe(true);
    expect(first.length).toBeLessThan(long[0]?.length ?? 0);
    expect(svg).toContain(`workload kind ${long[0]}, p95 JCT`);
  });

  it('leaves a numeric axis as it was when no categories are given', () => {
    const o = { name: 's', title: 't', x: { quantity: 'rate' }, y: { quantity: 'p95 JCT', unit: 's' as const } };
    expect(lineBandChart(sweepSeries(), { ...o, x: { ...o.x, categories: [] } })).toBe(lineBandChart(sweepSeries(), o));
    expect(xTicks(lineBandChart(sweepSeries(), o)).map((t) => t.label)).toContain('1,000');
  });
});
