import { comparisonOfRun } from '../compare/comparison.js';
import type { Results } from '../metrics/results.js';
import { htmlPage } from './html/html-page.js';
import { runHeaderSection } from './html/run-header-section.js';
import { runGroupsSection, runSummarySection } from './html/run-summary-section.js';
import { runJctSection, runQueueSection, runSitesSection } from './html/run-charts-section.js';
import { utilisationSection } from './html/utilisation-section.js';
import { escapeHtml } from './svg/escape.js';
import type { SlowJob } from '../model/explanation.js';
import { whySection } from './html/why-section.js';
import { elasticSection } from './html/elastic-section.js';
import { brainSection } from './html/brain-section.js';
import { networkSection } from './html/network-section.js';

/**
 * One run's results as a self-contained HTML page, in the comparison
 * report's style but made for one run: its own title, the summary and the
 * per-class and per-origin tables, the JCT distribution per class, the
 * queue and utilisation over time, the use of each site, and why the
 * slowest jobs went where they went (when given). No chart of
 * one dot per metric, which a single run would make. Pure and
 * deterministic, as `htmlReport` is; every name is escaped.
 *
 * ```ts
 * writeFileSync('run.html', runReport(runScenario('scenarios/quickstart.yaml'), { a100: 'gpu' }));
 * ```
 */
export function runReport(r: Results, chipKinds: Record<string, string>, slowest: readonly SlowJob[] = []): string {
  const sections = [
    runHeaderSection(r),
    runSummarySection(r),
    runGroupsSection(r),
    runJctSection(r),
    runQueueSection(r),
    // The comparison report's utilisation panels, for the one run.
    utilisationSection(comparisonOfRun(r, chipKinds)),
    runSitesSection(r),
    elasticSection(r),
    // Under a brain: where it sent jobs against each site's real queue.
    brainSection(comparisonOfRun(r, chipKinds)),
    networkSection(comparisonOfRun(r, chipKinds)),
    whySection(slowest),
  ].filter((section) => section !== '');
  return htmlPage(`${r.scenario} · manychip run report`, sections, `manychip · run of ${escapeHtml(r.policy)}, seed ${r.seed} · results schema v${r.schemaVersion}`);
}
