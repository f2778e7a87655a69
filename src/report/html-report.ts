import type { Comparison } from '../compare/comparison.js';
import { brainSection } from './html/brain-section.js';
import { networkSection } from './html/network-section.js';
import { headerSection } from './html/header-section.js';
import { jctSection } from './html/jct-section.js';
import { marketSection } from './html/market-section.js';
import { metricsSection } from './html/metrics-section.js';
import { paretoSection } from './html/pareto-section.js';
import { sloSection } from './html/slo-section.js';
import { htmlPage } from './html/html-page.js';
import { summarySection } from './html/summary-section.js';
import { utilisationSection } from './html/utilisation-section.js';

/**
 * A comparison as one self-contained HTML page: inline style, inline SVG
 * charts drawn here (d3-scale and d3-shape compute the geometry, no DOM),
 * no script and nothing fetched at view time. It draws what `compare`
 * computed and recomputes no metric. Deterministic: the same comparison
 * gives the same bytes (no dates, no random ids), so it can be a golden
 * file. Every name that comes from a scenario is HTML-escaped.
 *
 * ```ts
 * writeFileSync('report.html', htmlReport(compare('scenarios/quickstart.yaml', { policies: ['fifo', 'cheapest'] })));
 * ```
 */
export function htmlReport(c: Comparison): string {
  // brainSection is empty unless the runs had a brain, marketSection unless they traded, networkSection without links.
  const sections = [headerSection(c), summarySection(c), metricsSection(c), paretoSection(c), jctSection(c), sloSection(c), utilisationSection(c), brainSection(c), marketSection(c), networkSection(c)];
  return htmlPage(`${c.scenario} · manychip report`, sections, `manychip · ${c.runs.length} run${c.runs.length === 1 ? '' : 's'} · results schema v${c.schemaVersion}`);
}
