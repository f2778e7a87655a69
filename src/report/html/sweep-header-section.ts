import type { SweepSummary } from '../../sweep/aggregate.js';
import { escapeHtml } from '../svg/escape.js';
import { policyColour } from '../svg/palette.js';
import { formatNumber } from '../format-number.js';
import { seedText } from './header-section.js';
import { legend } from './legend.js';
import { LOG_SPAN, parameterText, parameterValues, type SweepLayout } from './sweep-layout.js';

/** Past this many, a parameter's values are cut with an ellipsis in the header. */
const valuesShown = 8;

/** Every seed any point ran, ascending. */
export function sweepSeeds(s: SweepSummary): number[] {
  return [...new Set(s.points.flatMap((p) => p.seeds))].sort((a, b) => a - b);
}

/** "95% interval over 10 seeds": what a sweep chart's bands are. */
export function sweepBandName(s: SweepSummary): string {
  const counts = [...new Set(s.points.map((p) => p.seeds.length))].sort((a, b) => a - b);
  const n = counts.length === 1 ? String(counts[0]) : `${counts[0] ?? 0}–${counts[counts.length - 1] ?? 0}`;
  return `${formatNumber(s.confidence * 100, 3)}% interval over ${n} seeds`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The sweep's name, what was swept and run, the policies' colours, and how to read the charts. */
export function sweepHeaderSection(s: SweepSummary, layout: SweepLayout): string {
  const seeds = sweepSeeds(s);
  const variants = new Set(s.points.map((p) => JSON.stringify(s.parameters.map((k) => p.set[k])))).size;
  const conf = `${formatNumber(s.confidence * 100, 3)}%`;
  const parameters = s.parameters.map((p) => {
    const values = parameterValues(s, p).map(parameterText);
    const shown = values.length > valuesShown ? [...values.slice(0, valuesShown), '…'] : values;
    return `<code>${escapeHtml(p)}</code>: ${shown.map(escapeHtml).join(', ')}`;
  });
  const facts: [string, string][] = [
    ['runs', s.runs === s.total ? String(s.runs) : `${s.runs} of ${s.total}`],
    ['variants', String(variants)],
    ['policies', String(s.policies.length)],
    ['seeds', `${seeds.length} (${seedText(seeds)})`],
  ];
  if (seeds.length > 1) facts.push(['confidence', conf]);
  facts.push(['sweep', escapeHtml(s.sweep)]);
  const how: string[] = [];
  if (layout.x === null) how.push('Nothing was swept but policies and seeds: the tables give each metric per policy.');
  else {
    const x = `<code>${escapeHtml(layout.x.parameter)}</code>`;
    how.push(`Each chart shows a metric against ${x}${layout.x.categories === null ? '' : ' (its values are names, spaced evenly)'}, one line per policy through its mean over seeds.`);
    if (seeds.length > 1) how.push(`Bands are ${conf} Student-t confidence intervals of those means, drawn whole; where one reaches past what the quantity can be (below 0, above 100%), a note says so.`);
    how.push(`Where a metric's means spread more than ${LOG_SPAN}× within a panel its charts open on a log axis (switch above them).`);
    if (layout.others.length > 0) how.push(`One panel per combination of ${layout.others.map((o) => `<code>${escapeHtml(o)}</code>`).join(', ')}; a metric's panels share their axes.`);
  }
  if (s.runs < s.total) how.push(`Only ${s.runs} of the ${s.total} runs are in: a missing point breaks its line.`);
  return `<header class="card">
<h1>${escapeHtml(s.name)}</h1>
<p class="lede">manychip sweep report · ${plural(variants, 'variant', 'variants')} × ${plural(s.policies.length, 'policy', 'policies')} × ${plural(seeds.length, 'seed', 'seeds')}.</p>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
${parameters.length > 0 ? `<p class="note"><strong>Swept:</strong> ${parameters.join('; ')}</p>` : ''}
${legend(s.policies.map((p, i) => ({ label: p, colour: policyColour(i) })), 'line')}
<p class="note"><strong>How to read:</strong> ${how.join(' ')}</p>
</header>`;
}
