import { beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/metrics/results.js';
import { runReport } from '../../src/report/run-report.js';
import { escapeHtml } from '../../src/report/svg/escape.js';
import { formatValue } from '../../src/report/svg/format-value.js';
import { summarize } from '../../src/metrics/summarize.js';
import { runScenario, simulate, whyOfSlowest } from '../../src/run-scenario.js';
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

describe('runReport’s why section', () => {
  it('lists the slowest jobs, longest first, each decision with its candidates, refusals, parts and the winner', () => {
    const s = reportScenario(hostileName);
    const record = simulate(s, { policy: 'cheapest' });
    const slowest = whyOfSlowest(s, record, { policy: 'cheapest' }, 3);
    expect(slowest).toHaveLength(3);
    expect(slowest[0]?.jctS).toBeGreaterThanOrEqual(slowest[1]?.jctS ?? Infinity);
    // The first job's explanation is the run's own: it started where the run says.
    const first = slowest[0];
    const j = Array.from({ length: record.jobs.length }, (_, i) => i).find((i) => record.jobs.idOf(i) === first?.explanation.job) ?? -1;
    const last = first?.explanation.decisions.filter((d) => d.kind === 'start').at(-1);
    expect(last?.pool).toBe(record.model.pools[record.jobs.pool[j] as number]?.name);
    const html = runReport(summarize(record), chipKinds, slowest);
    const why = section(html, 'why');
    expect([...why.matchAll(/<details class="why-job" data-job="([^"]*)"/g)].map((m) => m[1])).toEqual(slowest.map((s) => escapeHtml(s.explanation.job)));
    expect(why).toContain('<tr class="winner"><th scope="row">▶ ');
    expect(why).toMatch(/<th scope="col">cost<span class="dir">raw → norm \(weighted\)<\/span><\/th>/);
    expect(section(runReport(summarize(record), chipKinds), 'why')).toBe('');
  });
});
