import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/svg/escape.js';
import { axisLabels, axisTitle, formatDelta, formatValue, tickNumbers } from '../../src/report/svg/format-value.js';
import { num } from '../../src/report/svg/frame.js';
import { placeLabels } from '../../src/report/svg/label-placer.js';
import { crossings, linearAxis, logAxis, wantsLog, whiskerParts } from '../../src/report/svg/value-axis.js';

describe('escapeHtml', () => {
  it('replaces the five characters HTML gives meaning to', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('escapes an ampersand once, so entities in names stay visible as typed', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('leaves other text alone, non-ASCII included', () => {
    expect(escapeHtml('ascend-910b · 北京 µs')).toBe('ascend-910b · 北京 µs');
  });
});

describe('tick labels', () => {
  it('use as few decimals as tell every tick apart', () => {
    expect(tickNumbers([0, 0.5, 1, 1.5])).toEqual(['0', '0.5', '1', '1.5']);
    expect(tickNumbers([0.985, 0.99, 0.995, 1])).toEqual(['0.985', '0.99', '0.995', '1']);
    expect(tickNumbers([1000, 1500, 2000])).toEqual(['1,000', '1,500', '2,000']);
  });

  it('take an SI prefix from ten thousand up, and a minus sign below zero', () => {
    expect(tickNumbers([0, 20000, 40000])).toEqual(['0', '20k', '40k']);
    expect(tickNumbers([-1, 0, 1])).toEqual(['−1', '0', '1']);
  });

  it('read fractions as percentages, money with "$", and name other units in the title', () => {
    expect(axisLabels([0.98, 0.99, 1], 'fraction')).toEqual({ labels: ['98%', '99%', '100%'], unit: '%' });
    expect(axisLabels([0, 0.5, 1], 'fraction').labels).toEqual(['0%', '50%', '100%']);
    expect(axisLabels([1500, 1600], '$').labels).toEqual(['$1,500', '$1,600']);
    expect(axisLabels([10, 20], 'kWh')).toEqual({ labels: ['10', '20'], unit: 'kWh' });
  });

  it('give a linear time axis one unit, chosen by its largest tick', () => {
    expect(axisLabels([0, 0.2, 0.4], 's')).toEqual({ labels: ['0', '200', '400'], unit: 'ms' });
    expect(axisLabels([0, 100, 200], 's')).toEqual({ labels: ['0', '100', '200'], unit: 's' });
  });

  it('let each tick of a log time axis carry its own unit', () => {
    expect(axisLabels([1e-6, 1e-3, 1, 1000], 's', true)).toEqual({ labels: ['1 µs', '1 ms', '1 s', '1,000 s'], unit: null });
    expect(axisTitle('job completion time', null, true)).toBe('job completion time (log scale)');
    expect(axisTitle('cost', '$')).toBe('cost ($)');
  });
});

describe('values in tables', () => {
  it('come in their unit, with a dash when missing', () => {
    expect(formatValue(0.25, 's')).toBe('250 ms');
    expect(formatValue(42.5, 's')).toBe('42.5 s');
    expect(formatValue(0.975, 'fraction')).toBe('97.5%');
    expect(formatValue(-3.5, '$')).toBe('−$3.5');
    expect(formatValue(null, 'kWh')).toBe('–');
    expect(formatValue(Number.NaN, 'ms')).toBe('–');
  });

  it('show differences signed, and differences of fractions in percentage points', () => {
    expect(formatDelta(0.0125, 'fraction', true)).toBe('+1.25 pp');
    expect(formatDelta(-2, 's', true)).toBe('−2 s');
  });
});

describe('axes', () => {
  it('go logarithmic only past two decades of positive values', () => {
    expect(wantsLog([0.01, 5])).toBe(true);
    expect(wantsLog([1, 50])).toBe(false);
    expect(wantsLog([0, 0.001, 0.002])).toBe(false);
  });

  it('tick a log axis at powers of ten, every other one past eight decades', () => {
    expect(logAxis([0.003, 40], [0, 100]).ticks).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
    expect(logAxis([1e-6, 5e4], [0, 100]).ticks).toEqual([1e-6, 1e-4, 1e-2, 1, 100, 1e4]);
  });

  it('keep a linear axis of fractions within 0–100% and of non-negative values above zero', () => {
    expect(linearAxis([0.97, 1], [0, 100], { tickCount: 4, within: [0, 1] }).domain[1]).toBe(1);
    expect(linearAxis([0, 300], [0, 100], { tickCount: 4, within: [0, Infinity] }).domain[0]).toBe(0);
  });

  it('widen a single value into a band instead of a zero-width domain', () => {
    const a = linearAxis([5], [0, 100], { tickCount: 4 });
    expect(a.domain[0]).toBeLessThan(5);
    expect(a.domain[1]).toBeGreaterThan(5);
    expect(a.ticks.length).toBeGreaterThan(1);
  });

  it('find the intervals that reach past what a quantity can be: below 0, or above 100% for a share', () => {
    const rows = [
      { label: 'a', low: -3.82, high: 14.3 },
      { label: 'b', low: 1, high: 2 },
      { label: 'c', low: null, high: null },
    ];
    expect(crossings(rows, 's')).toEqual([{ label: 'a', low: -3.82, high: 14.3, bound: 0 }]);
    expect(crossings([{ label: 'x', low: 0.97, high: 1.02 }], 'fraction')).toEqual([{ label: 'x', low: 0.97, high: 1.02, bound: 1 }]);
    expect(crossings([{ label: 'x', low: 0.97, high: 1.02 }], 'ratio')).toEqual([]);
  });

  it('split a whisker into the part a quantity can take, drawn solid, and the part past its edge, dashed', () => {
    const at = (v: number): number => v * 8;
    expect(whiskerParts(-3.75, 14.25, 's', at)).toEqual({ solid: [0, 114], beyond: [[-30, 0]] });
    expect(whiskerParts(0.875, 1.125, 'fraction', at)).toEqual({ solid: [7, 8], beyond: [[8, 9]] });
    expect(whiskerParts(1, 2, 's', at)).toEqual({ solid: [8, 16], beyond: [] });
    expect(whiskerParts(-2, -1, 's', at)).toEqual({ solid: null, beyond: [[-16, -8]] });
  });
});

describe('placeLabels', () => {
  it('keeps labels of points that sit on one another apart', () => {
    const points = [0, 1, 2].map((i) => ({ x: 100, y: 100, label: `policy-${i}`, r: 6 }));
    const placed = placeLabels(points, [], 400, 300, 12);
    const keys = placed.map((p) => `${p.x},${p.y},${p.anchor}`);
    expect(new Set(keys).size).toBe(3);
  });

  it('keeps a label inside the plot near its right edge', () => {
    const [p] = placeLabels([{ x: 395, y: 50, label: 'cost-latency', r: 6 }], [], 400, 300, 12);
    expect(p?.anchor).not.toBe('start');
  });
});

describe('num', () => {
  it('rounds to two decimals and never writes -0', () => {
    expect(num(1.23456)).toBe('1.23');
    expect(num(-0.001)).toBe('0');
  });
});
