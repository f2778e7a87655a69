import { beforeAll, describe, expect, it } from 'vitest';
import { aggregate, type Comparison } from '../../src/compare/comparison.js';
import { drawnMetrics } from '../../src/report/html/metrics-section.js';
import { htmlReport } from '../../src/report/html-report.js';
import { runScenario } from '../../src/run-scenario.js';
import { hostileName, reportComparison, reportScenario, syntheticComparison } from './html-report-fixture.js';

/** Each `<svg class="chart" …>…</svg>` of a report, by its data-chart name. */
function charts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<svg class="chart" data-chart="([^"]*)"[\s\S]*?<\/svg>/g)) out.set(m[1] as string, m[0]);
  return out;
}

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('htmlReport of a comparison of three policies', () => {
  let c: Comparison;
  let html: string;
  beforeAll(() => {
    c = reportComparison(4);
    html = htmlReport(c);
  });

  it('is one HTML document with its style inline', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(count(html, '<style>')).toBe(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('needs nothing from the network and runs no script', () => {
    for (const part of ['<script', '<link', ' src=', ' href=', 'url(', '@import', 'http:', 'https:']) expect(html.toLowerCase()).not.toContain(part);
  });

  it('draws one svg per expected chart: a panel per key metric, the Pareto chart, the JCT CDF, SLO bars, utilisation per policy', () => {
    const names = [...charts(html).keys()];
    const expected = [
      ...drawnMetrics(c).map((m) => `metric-${m.key}`),
      'pareto',
      'jct-cdf',
      'slo-by-circle',
      ...c.policies.map((p) => `utilisation-by-chip/${p}`),
      ...c.policies.map((p) => `utilisation-by-site/${p}`),
    ];
    expect(drawnMetrics(c).length).toBeGreaterThan(4);
    expect(names.length).toBe(count(html, '<svg'));
    // Names carry escaped policy names; compare after unescaping the one hostile name.
    expect(names.map((n) => n.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&')).sort()).toEqual(expected.sort());
  });

  it('gives every chart drawn marks, and no empty path', () => {
    for (const [name, svg] of charts(html)) {
      expect(svg, name).toMatch(/class="mark[ "]/);
      expect(svg, name).not.toContain('d=""');
    }
  });

  it('puts a labelled point per policy on the cost–p95 chart and rings the Pareto front', () => {
    const pareto = charts(html).get('pareto') ?? '';
    expect(count(pareto, '<g class="point')).toBe(3);
    expect(count(pareto, '<g class="point on-front"')).toBe(c.paretoFront.length);
    expect(c.paretoFront.length).toBeGreaterThan(0);
    expect(count(pareto, 'class="point-label')).toBe(3);
    expect(pareto).toContain('>cheapest</text>');
  });

  it('stars exactly the differences that are significant after Holm, and tints them by direction', () => {
    const significant = c.summaries.flatMap((s) => Object.values(s.differences ?? {})).filter((d) => d.significant).length;
    expect(significant).toBeGreaterThan(0);
    expect(count(html, '<td class="sig ')).toBe(significant);
    expect(count(html, '<span class="mark-sig">*</span>')).toBe(significant);
    expect(count(html, '<td class="sig better"') + count(html, '<td class="sig worse"')).toBe(significant);
  });

  it('highlights the cheapest policy in the cost column', () => {
    expect(c.best.cost).toEqual(['cheapest']);
    const row = html.match(/<tr><th scope="row">[^]*?cheapest<\/th>([^]*?)<\/tr>/)?.[1] ?? '';
    expect(row).toContain('<td class="best"');
  });

  it('is the same bytes for the same comparison, and for the same runs made again', () => {
    expect(htmlReport(structuredClone(c))).toBe(html);
    expect(htmlReport(reportComparison(4))).toBe(html);
  });

  it('writes no NaN', () => {
    expect(html).not.toContain('NaN');
    expect(html).not.toContain('undefined');
  });
});

describe('htmlReport escaping', () => {
  it('escapes a scenario named with markup and produces no script element', () => {
    const html = htmlReport(reportComparison(2, hostileName));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toContain('alert("x")');
  });

  it('escapes policy, chip, site and circle names wherever they appear', () => {
    const html = htmlReport(reportComparison(2));
    expect(html).toContain('&lt;b onmouseover=&quot;x&quot;&gt;fast&lt;/b&gt; &amp; &#39;cheap&#39;');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('gpu&lt;a&gt;');
    expect(html).not.toContain('gpu<a>');
    expect(html).toContain('edge &amp; co');
    expect(html).toContain('hub &quot;west&quot;');
    expect(html).toContain('c&#39;ity');
    expect(html).not.toContain("c'ity");
  });
});

describe('htmlReport of a single run', () => {
  let html: string;
  beforeAll(() => {
    const s = reportScenario();
    const r = runScenario(s, { policy: 'fifo' });
    const c = aggregate(['fifo'], [s.seed], [[r]], { baseline: 'fifo', chipKinds: Object.fromEntries(Object.entries(s.chips).map(([n, chip]) => [n, chip.kind])) });
    html = htmlReport(c);
  });

  it('draws the charts without whiskers, differences or significance marks', () => {
    const names = [...charts(html).keys()];
    expect(names).toContain('pareto');
    expect(names).toContain('jct-cdf');
    expect(names).toContain('slo-by-circle');
    expect(names).toContain('metric-cost');
    expect(html).not.toContain('mark whisker');
    expect(html).not.toContain('class="differences"');
    expect(html).not.toContain('class="sig');
    expect(html).not.toContain('±');
    expect(html).toContain('One seed: no intervals');
  });

  it('still shows the one point on the Pareto chart, and writes no NaN', () => {
    expect(count(charts(html).get('pareto') ?? '', '<circle class="mark dot"')).toBe(1);
    expect(html).not.toContain('NaN');
  });
});

describe('htmlReport with missing values', () => {
  /** The synthetic comparison with holes everywhere a value can be missing or not a number. */
  function holed(): Comparison {
    const c = syntheticComparison();
    const [a, b] = c.summaries;
    if (a === undefined || b === undefined) throw new Error('two summaries expected');
    a.metrics.cost = { n: 0, mean: null, sd: null, low: null, high: null };
    b.metrics.jctP95 = { n: 1, mean: Number.NaN, sd: null, low: null, high: null };
    b.metrics.energyKWh = { n: 3, mean: 2, sd: Number.NaN, low: Number.NaN, high: Number.NaN };
    a.jctQuantiles = [];
    b.jctQuantiles = [0, Number.NaN, ...b.jctQuantiles.slice(2)];
    a.timeseries.utilizationByChip.xeon = a.timeseries.t.map((_, i) => (i === 3 ? Number.NaN : 0.2));
    b.sloByCircle.national = { n: 0, mean: null, sd: null, low: null, high: null };
    if (b.differences !== null) b.differences.cost = { n: 0, mean: null, sd: null, low: null, high: null, p: null, pHolm: null, significant: false };
    return c;
  }

  it('writes no NaN, undefined or Infinity', () => {
    const html = htmlReport(holed());
    for (const word of ['NaN', 'undefined', 'Infinity']) expect(html).not.toContain(word);
  });

  it('says a row has no value instead of drawing it at zero', () => {
    const html = htmlReport(holed());
    expect(charts(html).get('metric-cost')).toContain('no value');
  });

  it('leaves out a metric panel when no policy has a value, and the SLO chart when no circle has jobs', () => {
    const c = syntheticComparison();
    for (const s of c.summaries) s.sloByCircle = {};
    const html = htmlReport(c);
    expect(charts(html).has('metric-deadlineMet')).toBe(false);
    expect(charts(html).has('metric-cost')).toBe(true);
    expect(charts(html).has('slo-by-circle')).toBe(false);
    expect(html).not.toContain('id="slo"');
  });

  it('renders a comparison in which nothing has a value', () => {
    const c = syntheticComparison();
    for (const s of c.summaries) {
      for (const key of Object.keys(s.metrics)) s.metrics[key] = { n: 0, mean: null, sd: null, low: null, high: null };
      s.jctQuantiles = [];
      s.sloByCircle = {};
      s.timeseries = { t: [], utilizationByChip: {}, utilizationBySite: {}, queueLength: [] };
    }
    const html = htmlReport(c);
    expect(count(html, '<svg')).toBe(0);
    expect(html).toContain('No run completed a job');
    for (const word of ['NaN', 'undefined', 'Infinity']) expect(html).not.toContain(word);
  });
});

describe('htmlReport scales', () => {
  it('draws the JCT CDF on a log axis when times span decades, and on a linear one otherwise', () => {
    const c = syntheticComparison();
    expect(charts(htmlReport(c)).get('jct-cdf')).toContain('log scale');
    for (const s of c.summaries) s.jctQuantiles = Array.from({ length: 101 }, (_, i) => 10 + i / 10);
    expect(charts(htmlReport(c)).get('jct-cdf')).not.toContain('log scale');
  });

  it('keeps a log axis free of zero JCTs and says so', () => {
    const c = syntheticComparison();
    for (const s of c.summaries) s.jctQuantiles = [0, ...s.jctQuantiles.slice(1)];
    const cdf = charts(htmlReport(c)).get('jct-cdf') ?? '';
    expect(cdf).toContain('log scale');
    expect(cdf).toContain('values ≤ 0 not drawn');
  });
});

describe('htmlReport golden file', () => {
  it('renders the hand-written comparison as recorded (regenerate with vitest -u, on purpose)', async () => {
    await expect(htmlReport(syntheticComparison())).toMatchFileSnapshot('./golden/synthetic-report.html');
  });
});
