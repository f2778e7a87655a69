import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/svg/escape.js';
import { maxPanels } from '../../src/report/html/sweep-metric-section.js';
import { sweepReport } from '../../src/report/sweep-report.js';
import type { SweepSummary } from '../../src/sweep/aggregate.js';
import { hostileName } from './html-report-fixture.js';
import { categoricalSweepSummary, kinds, manyPanelsSummary, nullMetric, rates, sites, siteParameter, spreadSummary, sweepPolicies, sweepSummary, zeroMetric } from './sweep-report-fixture.js';

/** Each `<svg class="chart" …>…</svg>` of a page, by its data-chart name. */
function charts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<svg class="chart" data-chart="([^"]*)"[\s\S]*?<\/svg>/g)) out.set(m[1] as string, m[0]);
  return out;
}

const count = (text: string, part: string): number => text.split(part).length - 1;
const paths = (svg: string, cls: string): string[] => [...svg.matchAll(new RegExp(`<path class="mark ${cls}"[^>]* d="([^"]*)"`, 'g'))].map((m) => m[1] as string);
const xTickLabels = (svg: string): string[] => {
  const g = /<g class="axis axis-x">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...g.matchAll(/<text (?!class="axis-title")[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
};
const yTickLabels = (svg: string): string[] => {
  const g = /<g class="axis axis-y">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...g.matchAll(/<text (?!class="axis-title")[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
};
/** The section of one metric. */
const section = (html: string, key: string): string => new RegExp(`<section id="sweep-${key}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

/** The linear charts of a page (each metric whose means spread past 3× also has a log copy, named `…-log`). */
const linearCharts = (html: string): Map<string, string> => new Map([...charts(html)].filter(([name]) => !name.endsWith('-log')));

/** Metrics the fixture gives a value that is not 0 everywhere. */
const drawnKeys = (s: SweepSummary): string[] => s.metrics.map((m) => m.key).filter((k) => k !== nullMetric && k !== zeroMetric);

describe('sweepReport of 2 sites × 4 rates × 2 policies', () => {
  let s: SweepSummary;
  let html: string;
  beforeAll(() => {
    s = sweepSummary();
    html = sweepReport(s);
  });

  it('is one HTML document with its style inline, needing nothing from the network and running no script', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(count(html, '<style>')).toBe(1);
    for (const part of ['<script', '<link', ' src=', ' href=', 'url(http', '@import', 'http:', 'https:']) expect(html.toLowerCase()).not.toContain(part);
  });

  it('says in its header what was swept, run and over how many seeds, at what confidence', () => {
    const header = /<header[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
    expect(header).toContain(`<h1>${escapeHtml(hostileName)}</h1>`);
    expect(header).toContain('<dt>runs</dt><dd>80</dd>');
    expect(header).toContain('<dt>variants</dt><dd>8</dd>');
    expect(header).toContain('<dt>policies</dt><dd>2</dd>');
    expect(header).toContain('<dt>seeds</dt><dd>5 (1–5)</dd>');
    expect(header).toContain('<dt>confidence</dt><dd>95%</dd>');
    expect(header).toContain(`<code>${escapeHtml(siteParameter)}</code>: edge, ${escapeHtml(hostileName)}`);
    expect(header).toContain('<code>workload[0].arrivals.rate</code>: 400, 100, 300, 200');
    for (const p of sweepPolicies) expect(header).toContain(`</span>${escapeHtml(p)}</li>`);
  });

  it('draws one chart per metric with values per panel: the numeric parameter across, a panel per site', () => {
    expect(charts(html).size).toBe(count(html, '<svg'));
    const names = [...linearCharts(html).keys()];
    expect(names.sort()).toEqual(drawnKeys(s).flatMap((k) => [`sweep-${k}-0`, `sweep-${k}-1`]).sort());
    const linear = /<div class="scaled linear">[\s\S]*?<\/div><div class="scaled log">/.exec(section(html, 'jctP95'))?.[0] ?? '';
    const captions = [...linear.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]);
    expect(captions).toEqual(sites.map((site) => escapeHtml(`${siteParameter} = ${site}`)));
  });

  it('draws a line and a band per policy in every chart, through the rates in ascending order', () => {
    for (const [name, svg] of charts(html)) {
      expect(paths(svg, 'line'), name).toHaveLength(2);
      expect(paths(svg, 'band'), name).toHaveLength(2);
      expect(svg, name).toContain('band: 95% interval over 5 seeds');
      const xs = [...(paths(svg, 'line')[0] as string).matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
      expect(xs).toHaveLength(rates.length);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    }
  });

  it('puts the numbers in the tooltips of the points', () => {
    const svg = charts(html).get('sweep-jctP95-0') ?? '';
    // fifo at rate 100 on the first site: mean (0.2 + 0.25³) = 0.215625 s, ±10%.
    expect(svg).toContain('<title>fifo: workload[0].arrivals.rate 100, p95 JCT 215.6 ms; 95% interval over 5 seeds 194.1 ms to 237.2 ms</title>');
  });

  it('reads fractions as percentages, on an axis that stays within 0–100%', () => {
    const labels = yTickLabels(charts(html).get('sweep-circleMet-0') ?? '');
    expect(labels.length).toBeGreaterThan(2);
    for (const l of labels) expect(l).toMatch(/^\d+%$/);
    expect(Number.parseFloat(labels[labels.length - 1] as string)).toBeLessThanOrEqual(100);
  });

  it('gives a metric’s panels the same axes', () => {
    const a = charts(html).get('sweep-cost-0') ?? '';
    const b = charts(html).get('sweep-cost-1') ?? '';
    expect(yTickLabels(a)).toEqual(yTickLabels(b));
    expect(xTickLabels(a)).toEqual(xTickLabels(b));
  });

  it('leaves out the metric with no value and names the one that is 0 everywhere, in one line', () => {
    expect(html).not.toContain(`sweep-${nullMetric}`);
    expect(html).not.toContain(`sweep-${zeroMetric}`);
    expect(html).toContain('0 in every run, not drawn: deadline.');
    expect(html).toContain('No value in any run: p95 RTT.');
  });

  it('has the numbers beside every chart: a row per site and rate, mean ± half-width per policy', () => {
    for (const key of drawnKeys(s)) {
      const table = /<table class="sweep-numbers">[\s\S]*?<\/table>/.exec(section(html, key))?.[0] ?? '';
      expect(count(table, '<tr>'), key).toBe(1 + sites.length * rates.length);
      expect(count(table, '<span class="pm">± '), key).toBe(sites.length * rates.length * sweepPolicies.length);
    }
    const table = section(html, 'jctP95');
    expect(table).toContain(`<th scope="col">${escapeHtml(siteParameter)}</th><th scope="col">workload[0].arrivals.rate</th>`);
    expect(table).toContain('<th scope="row">edge</th><th scope="row">100</th><td class="" title="95% CI 194.1 ms to 237.2 ms">215.6 ms<span class="pm">± 22 ms</span></td>');
  });

  it('escapes every name and value from the sweep: no script element, the hostile names shown as text', () => {
    expect(html).not.toContain(hostileName);
    expect(html).not.toContain('<script');
    const escaped = escapeHtml(hostileName);
    expect(count(html, escaped)).toBeGreaterThan(20);
    // In the legend of every chart, in the panel titles and in the table heads.
    for (const [name, svg] of charts(html)) expect(svg, name).toContain(escaped);
  });

  it('writes no NaN, undefined or Infinity, and the same bytes for the same summary', () => {
    for (const bad of ['NaN', 'undefined', 'Infinity']) expect(html).not.toContain(bad);
    expect(sweepReport(sweepSummary())).toBe(html);
  });
});

describe('sweepReport of a parameter swept over names', () => {
  let html: string;
  beforeAll(() => {
    html = sweepReport(categoricalSweepSummary());
  });

  it('spaces the names evenly across, in the order the sweep ran them, escaped', () => {
    const svg = charts(html).get('sweep-jctP95-0') ?? '';
    expect(xTickLabels(svg)).toEqual(kinds.map(escapeHtml));
    const xs = [...(paths(svg, 'line')[0] as string).matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(3);
    expect((xs[2] as number) - (xs[1] as number)).toBeCloseTo((xs[1] as number) - (xs[0] as number), 1);
    expect(svg).toContain(`<title>fifo: workload[0].kind ${escapeHtml(hostileName)}, p95 JCT`);
  });

  it('draws one chart per metric and says the values are names', () => {
    expect(linearCharts(html).size).toBe(drawnKeys(categoricalSweepSummary()).length);
    expect(html).toContain('(its values are names, spaced evenly)');
    expect(html).not.toContain('<figcaption>');
  });
});

describe('sweepReport with more panels than a metric draws', () => {
  it(`draws the first ${maxPanels} panels of each metric, says so, and keeps every point in the table`, () => {
    const s = manyPanelsSummary();
    const html = sweepReport(s);
    const jct = section(html, 'jctP95');
    expect(count(jct, '<svg class="chart" data-chart="sweep-jctP95-') - count(jct, '-log"')).toBe(maxPanels);
    expect(jct).toContain(`16 panels, the first ${maxPanels} drawn; the table has every one.`);
    expect(count(jct, '<tr>')).toBe(1 + 16 * 4);
    expect(jct).toContain('<details><summary>Numbers</summary>');
  });
});

describe('sweepReport of an incomplete sweep and of one with nothing swept', () => {
  it('breaks a line where a point is missing and says how many runs are in', () => {
    const s = sweepSummary();
    const dropped = { ...s, runs: s.runs - 5, points: s.points.filter((p) => !(p.policy === 'fifo' && p.set['workload[0].arrivals.rate'] === 300 && p.set[siteParameter] === 'edge')) };
    const html = sweepReport(dropped);
    expect(html).toContain('<dt>runs</dt><dd>75 of 80</dd>');
    expect(html).toContain('Only 75 of the 80 runs are in');
    const line = paths(charts(html).get('sweep-jctP95-0') ?? '', 'line')[0] as string;
    expect(count(line, 'M')).toBe(2);
    expect(html).toContain('<td>–</td>');
  });

  it('gives the numbers per policy without charts when only policies and seeds vary', () => {
    const s = sweepSummary();
    const flat: SweepSummary = { ...s, parameters: [], points: s.points.slice(0, 2).map((p) => ({ ...p, set: {} })) };
    const html = sweepReport(flat);
    expect(charts(html).size).toBe(0);
    expect(html).toContain('Nothing was swept but policies and seeds');
    expect(count(section(html, 'jctP95'), '<tr>')).toBe(2);
  });
});

describe('sweepReport of values far apart, and of intervals past zero', () => {
  const spread = spreadSummary;
  const radios = (html: string): string[] => [...html.matchAll(/<input type="radio" class="scale-(\w+)"[^>]*?( checked)?>/g)].map((m) => `${m[1] as string}${m[2] === undefined ? '' : '*'}`);

  it('opens on a log axis, with a note, when the means in a panel span more than 20×, and offers linear', () => {
    const html = sweepReport(spread([1.1, 2, 35]));
    expect(radios(html)).toEqual(['linear', 'log*']);
    expect(html).toContain('Log scale: within a panel the means span 43.8×, more than 20×, which would flatten the smaller ones on a linear axis. Switch to linear above.');
    const log = charts(html).get('sweep-jctP95-0-log') ?? '';
    expect(log).toContain('p95 JCT (log scale)');
    expect(yTickLabels(log)).toEqual(['100 ms', '1 s', '10 s', '100 s']);
    expect(charts(html).get('sweep-jctP95-0')).toBeDefined();
  });

  it('offers a log axis but opens on the linear one between 3× and 20×, and offers none below', () => {
    expect(radios(sweepReport(spread([1.1, 2, 8])))).toEqual(['linear*', 'log']);
    const flat = sweepReport(spread([1.1, 1.5, 2]));
    expect(radios(flat)).toEqual([]);
    expect(charts(flat).has('sweep-jctP95-0-log')).toBe(false);
  });

  it('draws a band that reaches below zero whole, marks the edge and says so; the log axis cuts it and says that', () => {
    const html = sweepReport(spread([1.1, 2, 35], (m) => (m === 2 ? 3 : m * 0.1)));
    const linear = charts(html).get('sweep-jctP95-0') ?? '';
    expect(linear).toContain('<line class="bound"');
    // The axis reaches below zero to take the band in.
    expect(yTickLabels(linear)[0]).toMatch(/^−/);
    expect(html).toContain('The 95% interval of p95 JCT for b at 2 [−1 s, 5 s] reaches below 0 s, which p95 JCT cannot be: drawn whole, the edge a dashed line.');
    expect(html).toContain('The 95% interval of p95 JCT for b at 2 [−1 s, 5 s] reaches below 0 s, which p95 JCT cannot be: cut at the bottom of the log axis.');
  });
});
