import type { Results } from '../../metrics/results.js';
import { formatNumber } from '../format-number.js';
import { escapeHtml } from '../svg/escape.js';
import { duration } from './header-section.js';

/** A single run's title, what ran, and how to read the page. */
export function runHeaderSection(r: Results): string {
  const facts: [string, string][] = [
    ['policy', escapeHtml(r.policy)],
    ['seed', String(r.seed)],
    ['horizon', r.horizon === null ? 'none' : duration(r.horizon)],
    ['jobs arrived', formatNumber(r.jobs.arrived)],
    ['classes', String(Object.keys(r.byClass).length)],
    ['slowdown τ', `${formatNumber(r.slowdownThresholdS)} s`],
  ];
  return `<header class="card">
<h1>${escapeHtml(r.scenario)}</h1>
<p class="lede">manychip run report · one run of ${escapeHtml(r.policy)}, seed ${r.seed}.</p>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
<p class="note"><strong>How to read:</strong> One run, so no intervals: every number is what this run measured. Job statistics count the jobs that arrived after the warm-up, over their whole lives; utilisation and energy cover the run from the warm-up to its end. Slowdown is bounded: max(1, JCT ÷ max(run, τ)), run being the job's true time on its chip, τ = ${formatNumber(r.slowdownThresholdS)} s. To compare policies with intervals, use <code>manychip compare</code>.</p>
</header>`;
}
