import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/report/run-report.js';
import { elasticSection } from '../../src/report/html/elastic-section.js';
import { formatValue } from '../../src/report/svg/format-value.js';
import { runScenario } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';

const yaml = (elastic: string): string => `
name: elastic-report
horizon: 3600
metrics: { sampleIntervalS: 60 }
chips: { core: { kind: cpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    pools:
      - { name: "burst<&>", chip: core, nodes: 1, pricePerChipHour: 2${elastic} }
classes:
  c: { speed: { core: 1 }, chips: 1, work: { dist: exponential, mean: 30 } }
workload:
  - { class: c, origin: r, arrivals: { process: diurnal, rate: 0.1, amplitude: 0.9, period: 3600, peakS: 1800 } }
`;

describe('the run report of elastic pools', () => {
  it('draws capacity against demand per elastic pool, four lines over the run, and tabulates what it did and cost', () => {
    const r = runScenario(scenarioFrom(yaml(', elastic: { maxNodes: 6, bootS: { dist: constant, value: 40 }, idleTimeoutS: 60 }')));
    const pool = r.elastic?.byPool['burst<&>'];
    expect(pool).toBeDefined();
    const html = elasticSection(r);
    expect(html).toContain('data-chart="elastic-0"');
    // Nodes on, booting, busy, and demand: one line each, every sampling interval a point.
    expect(html.match(/<path class="mark line"/g)).toHaveLength(4);
    expect(html).toContain('burst&lt;&amp;&gt;');
    expect(html).not.toContain('burst<&>');
    expect(html).toContain(`<td>${pool?.boots}</td>`);
    expect(html).toContain(`<td>${formatValue(pool?.cost.total, '$')}</td>`);
    expect(runReport(r, { core: 'cpu' })).toContain('<section id="elastic">');
  });

  it('is left out of the report of a run without elastic pools', () => {
    const r = runScenario(scenarioFrom(yaml('')));
    expect(r.elastic).toBeUndefined();
    expect(elasticSection(r)).toBe('');
    expect(runReport(r, { core: 'cpu' })).not.toContain('id="elastic"');
  });
});
