import { beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/metrics/results.js';
import { runReport } from '../../src/report/run-report.js';
import { escapeHtml } from '../../src/report/svg/escape.js';
import { formatValue } from '../../src/report/svg/format-value.js';
import { runScenario } from '../../src/run-scenario.js';
import { hostileName, reportScenario } from './html-report-fixture.js';

const chipKinds = { 'gpu<a>': 'gpu', xeon: 'cpu', npu: 'npu' };
const chartNames = (html: string): string[] => [...html.matchAll(/<svg class="chart" data-chart="([^"]*)"/g)].map((m) => m[1] as string);
const section = (html: string, id: string): string => new RegExp(`<section id="${id}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

describe('runReport', () => {
  let r: Results;
  let html: string;
  beforeAll(() => {
    r = runScenario(reportScenario(hostileName), { policy: 'fifo' });
    html = runReport(r, chipKinds);
  });

  it('is titled as one run’s report, not a comparison', () => {
    expect(html).toContain(`<title>${escapeHtml(hostileName)} · manychip run report</title>`);
    expect(html).toContain('manychip run report · one run of fifo, seed 7.');
    expect(html).not.toContain('comparison report');
    expect(html).not.toContain(hostileName);
  });

  it('draws time series, the JCT distribution per class and use per site; no dot plot of metrics', () => {
    const names = chartNames(html);
    expect(names).toEqual(['jct-cdf-by-class', 'queue-length', 'utilisation-by-chip/fifo', 'utilisation-by-site/fifo', 'utilisation-by-site', 'slo-by-circle']);
    // A line for all jobs and one per class.
    expect(section(html, 'jct').match(/<path class="mark line"/g)).toHaveLength(3);
  });

  it('gives each class’s and each origin’s numbers from byClass and byOrigin', () => {
    const groups = section(html, 'groups');
    for (const [name, g] of Object.entries(r.byClass)) {
      // The class's row in each of the stacked tables, together.
      const row = [...groups.matchAll(new RegExp(`<tr><th scope="row">${name}</th>(.*?)</tr>`, 'g'))].map((m) => m[1]).join('');
      expect(row, name).toContain(`<td>${formatValue(g.jct.p95, 's')}</td>`);
      expect(row, name).toContain(`<td>${formatValue(g.cost.total, '$')}</td>`);
    }
    // One origin only in this scenario: no origin table.
    expect(groups).not.toContain('By origin');
    expect(html).toContain('slowdown (bounded, τ = 10 s)');
  });

  it('is the same bytes for the same results, with no NaN', () => {
    expect(runReport(r, chipKinds)).toBe(html);
    expect(html).not.toContain('NaN');
  });
});
