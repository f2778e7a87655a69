import { describe, expect, it } from 'vitest';
import { lineBandChart, type LineBandSeries } from '../../src/report/svg/line-band-chart.js';
import { standaloneChartStyle, standaloneSvg } from '../../src/report/svg/standalone-svg.js';
import { policyColour } from '../../src/report/svg/palette.js';
import { fgdLikeOptions, fgdLikeSeries, fgdPolicies, sweepSeries } from './line-band-fixture.js';
import { hostileName } from './html-report-fixture.js';

/**
 * Problems that would stop an XML parser: unbalanced or crossed tags,
 * unquoted attributes, a raw `<` or a bare `&` in text or attributes.
 * Node has no DOMParser; this covers what string-built SVG can get wrong.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (const m of body.matchAll(token)) {
    const [whole, close, name, , selfClosing] = m;
    if (name === undefined) {
      problems.push(`stray ${whole} at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    } else if (close === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (selfClosing !== '/') {
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

/** The d attributes of the paths with this class. */
const paths = (svg: string, cls: string): string[] => [...svg.matchAll(new RegExp(`<path class="[^"]*\\b${cls}\\b[^"]*"[^>]* d="([^"]*)"`, 'g'))].map((m) => m[1] as string);
const legendLabels = (svg: string, kind: string): string[] =>
  [...svg.matchAll(new RegExp(`<g class="legend-item ${kind}">.*?<text class="legend-label"[^>]*>(?:<title>[^<]*</title>)?([^<]*)</text>`, 'g'))].map((m) => m[1] as string);
const axisTickLabels = (svg: string, axis: 'x' | 'y'): string[] => {
  const g = new RegExp(`<g class="axis axis-${axis}">(.*?)</g>`).exec(svg)?.[1] ?? '';
  return [...g.matchAll(/<text (?!class="axis-title")[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
};
const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('lineBandChart', () => {
  it('is well-formed XML, on its own and as a standalone file', () => {
    const svg = lineBandChart(fgdLikeSeries(), fgdLikeOptions());
    expect(xmlProblems(svg)).toEqual([]);
    expect(xmlProblems(standaloneSvg(svg))).toEqual([]);
    expect(xmlProblems(lineBandChart(sweepSeries(), { name: 's', title: 't', x: { quantity: 'rate' }, y: { quantity: 'p95 JCT', unit: 's' } }))).toEqual([]);
  });

  it('the well-formedness check catches what it is for', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a < b</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>Tom & co</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>Tom &amp; co</text><g/></svg>')).toEqual([]);
  });

  it('draws one line and one band per series, in series order and colours', () => {
    const svg = lineBandChart(fgdLikeSeries(), fgdLikeOptions());
    expect(paths(svg, 'line')).toHaveLength(5);
    expect(paths(svg, 'band')).toHaveLength(5);
    const strokes = [...svg.matchAll(/<path class="mark line" fill="none" stroke="([^"]+)"/g)].map((m) => m[1]);
    expect(strokes).toEqual(fgdPolicies.map((_, i) => policyColour(i)));
  });

  it('draws no band for a series without lo and hi', () => {
    const bare: LineBandSeries[] = [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 2 }] }];
    const svg = lineBandChart(bare, { name: 'bare', title: 'bare', x: { quantity: 'x' }, y: { quantity: 'y' }, bandName: '95% CI' });
    expect(paths(svg, 'line')).toHaveLength(1);
    expect(paths(svg, 'band')).toHaveLength(0);
    expect(legendLabels(svg, 'band')).toEqual([]);
  });

  it('names each series in the legend, in order, then the reference and what the bands are', () => {
    const svg = lineBandChart(fgdLikeSeries(), fgdLikeOptions());
    expect(legendLabels(svg, 'series')).toEqual([...fgdPolicies]);
    expect(legendLabels(svg, 'reference')).toEqual(['ideal']);
    expect(legendLabels(svg, 'band')).toEqual(['band: min–max over 10 seeds']);
  });

  it('breaks the line at a missing point, and the band too', () => {
    const svg = lineBandChart(sweepSeries(), { name: 'sweep', title: 'sweep', x: { quantity: 'arrival rate', unit: { name: 'jobs/s' } }, y: { quantity: 'p95 JCT', unit: 's' }, bandName: '95% CI' });
    const lines = paths(svg, 'line');
    expect(lines.map((d) => d.match(/M/g)?.length)).toEqual([1, 1, 2]);
    expect(paths(svg, 'band').map((d) => d.match(/M/g)?.length)).toEqual([1, 1, 2]);
  });

  it('treats NaN and infinite values as missing', () => {
    const s: LineBandSeries[] = [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: Number.NaN }, { x: 2, y: 2 }, { x: 3, y: Infinity }, { x: 4, y: 3 }] }];
    const svg = lineBandChart(s, { name: 'nan', title: 'nan', x: { quantity: 'x' }, y: { quantity: 'y' } });
    expect(paths(svg, 'line')[0]?.match(/M/g)).toHaveLength(3);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('escapes hostile series, axis and reference names', () => {
    const s = fgdLikeSeries().map((x, i) => (i === 0 ? { ...x, name: hostileName } : x));
    const svg = lineBandChart(s, fgdLikeOptions({ name: hostileName, title: hostileName, x: { quantity: hostileName }, reference: { name: hostileName, points: [{ x: 0, y: 0 }] } }));
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(xmlProblems(svg)).toEqual([]);
    expect(unescape(legendLabels(svg, 'series')[0] ?? '')).toBe(hostileName);
    expect(svg).toMatch(/clip-path="url\(#line-band-clip-[\w-]+\)"/);
  });

  it('cuts a long legend name with an ellipsis and keeps it whole in a tooltip', () => {
    const long = 'a-policy-with-a-name-much-longer-than-any-legend-has-room-for-at-all';
    const svg = lineBandChart([{ name: long, points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }], { name: 'long', title: 'long', x: { quantity: 'x' }, y: { quantity: 'y' } });
    const label = legendLabels(svg, 'series')[0] ?? '';
    expect(label.endsWith('…')).toBe(true);
    expect(svg).toContain(`<title>${long}</title>`);
  });

  it('respects domain overrides: ticks stay inside them, and marks are clipped to the plot', () => {
    const svg = lineBandChart(fgdLikeSeries(), fgdLikeOptions({ x: { quantity: 'arrived GPU workload', unit: { name: '%' }, domain: [75, 130] }, y: { quantity: 'GPU allocation ratio', unit: { name: '%' }, domain: [75, 100] } }));
    const x = axisTickLabels(svg, 'x').map(Number);
    expect([x[0], x.at(-1)]).toEqual([75, 130]);
    expect(x.every((v) => v >= 75 && v <= 130)).toBe(true);
    expect(axisTickLabels(svg, 'y')).toEqual(['75', '80', '85', '90', '95', '100']);
    expect(svg).toContain('<g class="plot" clip-path="url(#line-band-clip-fgd-allocation)">');
    // Tooltip targets only for points inside the domains.
    const targets = [...svg.matchAll(/<circle [^>]*><title>fgd: arrived GPU workload (\d+)%/g)].map((m) => Number(m[1]));
    expect(Math.min(...targets)).toBeGreaterThanOrEqual(75);
  });

  it('fits the axes to the data without overrides, and names the units in the axis titles', () => {
    const svg = lineBandChart(sweepSeries(), { name: 'sweep', title: 'sweep', x: { quantity: 'arrival rate', unit: { name: 'jobs/s' } }, y: { quantity: 'p95 JCT', unit: 's' } });
    const x = axisTickLabels(svg, 'x').map((l) => Number(l.replace(/,/g, '')));
    expect(x[0]).toBe(100);
    expect(x.at(-1)).toBe(1000);
    expect(svg).toContain('>arrival rate (jobs/s)</text>');
    expect(svg).toMatch(/>p95 JCT \((s|ms)\)<\/text>/);
  });

  it('keeps a fitted axis of percentages within 0–100% and of non-negative values above zero', () => {
    const svg = lineBandChart(fgdLikeSeries(), fgdLikeOptions({ x: { quantity: 'arrived GPU workload', unit: { name: '%' } } }));
    const y = axisTickLabels(svg, 'y');
    expect([y[0], y.at(-1)]).toEqual(['0', '100']);
    expect(axisTickLabels(svg, 'x').at(-1)).toBe('140');
    const negative = lineBandChart([{ name: 'a', points: [{ x: 0, y: -5 }, { x: 1, y: 5 }] }], { name: 'n', title: 'n', x: { quantity: 'x' }, y: { quantity: 'y' } });
    expect(Number(axisTickLabels(negative, 'y')[0]?.replace('−', '-'))).toBeLessThan(-5);
  });

  it('ignores a reversed or empty domain and falls back to the data', () => {
    const svg = lineBandChart(sweepSeries(), { name: 'sweep', title: 'sweep', x: { quantity: 'rate', domain: [500, 500] }, y: { quantity: 'y', domain: [1, 0] } });
    expect(axisTickLabels(svg, 'x').at(-1)).toBe('1,000');
  });

  it('draws the reference line dashed, under the series lines', () => {
    const svg = lineBandChart(fgdLikeSeries(), fgdLikeOptions());
    const ref = /<path class="reference"[^>]*>/.exec(svg)?.[0] ?? '';
    expect(ref).toMatch(/stroke-dasharray="[\d.]+ [\d.]+"/);
    expect(ref).toContain('fill="none"');
    expect(svg.indexOf('class="reference"')).toBeLessThan(svg.indexOf('class="mark line"'));
    expect(lineBandChart(fgdLikeSeries(), fgdLikeOptions({ reference: undefined }))).not.toContain('class="reference"');
  });

  it('gives each drawn point a tooltip with its numbers', () => {
    const svg = lineBandChart(sweepSeries(), { name: 'sweep', title: 'sweep', x: { quantity: 'arrival rate', unit: { name: 'jobs/s' } }, y: { quantity: 'p95 JCT', unit: 's' }, bandName: '95% CI' });
    const tips = [...svg.matchAll(/<circle [^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1] as string);
    expect(tips).toHaveLength(29);
    expect(tips[0]).toBe('fifo: arrival rate 100 jobs/s, p95 JCT 51 ms; 95% CI 45.9 ms to 56.1 ms');
    // Few points: visible dots; many: invisible targets that keep the line readable.
    expect(svg).toContain('fill-opacity="1"');
    expect(lineBandChart(fgdLikeSeries(), fgdLikeOptions())).not.toContain('<g class="points" fill="#0072B2" fill-opacity="1"');
  });

  it('takes a series colour when given one', () => {
    const svg = lineBandChart([{ name: 'a', colour: '#123456', points: [{ x: 0, y: 0, lo: 0, hi: 1 }, { x: 1, y: 1, lo: 0, hi: 2 }] }], { name: 'c', title: 'c', x: { quantity: 'x' }, y: { quantity: 'y' } });
    expect(svg).toContain('stroke="#123456"');
    expect(svg).toContain('<path class="mark band" fill="#123456"');
  });

  it('draws an empty chart, axes and all, for no series or no values', () => {
    for (const s of [[], [{ name: 'empty', points: [] }], [{ name: 'gone', points: [{ x: 1, y: undefined }] }]] as LineBandSeries[][]) {
      const svg = lineBandChart(s, { name: 'empty', title: 'empty', x: { quantity: 'x' }, y: { quantity: 'y' } });
      expect(xmlProblems(svg)).toEqual([]);
      expect(paths(svg, 'line')).toHaveLength(0);
      expect(axisTickLabels(svg, 'x').length).toBeGreaterThan(1);
    }
  });

  it('is the same string for the same input', () => {
    expect(lineBandChart(fgdLikeSeries(), fgdLikeOptions())).toBe(lineBandChart(fgdLikeSeries(), fgdLikeOptions()));
  });
});

describe('standaloneSvg', () => {
  const svg = standaloneSvg(lineBandChart(fgdLikeSeries(), fgdLikeOptions()));

  it('declares XML and the SVG namespace, keeps the title first and paints a white background', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" class="chart"')).toBe(true);
    expect(svg).toMatch(/^[^\n]*\n<svg [^>]*><title>[^<]*<\/title><style>/);
    expect(svg).toContain('<rect class="background" width="100%" height="100%" fill="#fff"/>');
  });

  it('embeds the report stylesheet\'s chart rules with the custom properties spelled out', () => {
    const style = standaloneChartStyle();
    expect(style).not.toContain('var(');
    expect(style).toContain('.chart .line { stroke-width: 2;');
    expect(style).toContain('.chart .axis-title { font-size: 12px; fill: #1f2328; }');
    expect(style).toMatch(/^svg\.chart \{ font-family: system-ui, [^;]*sans-serif; font-size: 14px; \}/);
    expect(style).not.toContain('width: 100%');
  });

  it('leaves a chart that already names its namespace alone, and refuses what is not a chart', () => {
    expect(standaloneSvg('<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>').match(/xmlns=/g)).toHaveLength(1);
    expect(() => standaloneSvg('<div></div>')).toThrow(/<svg/);
  });
});
