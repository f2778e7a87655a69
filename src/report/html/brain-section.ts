import type { Comparison } from '../../compare/comparison.js';
import type { BrainResults, Results } from '../../metrics/results.js';
import { formatNumber } from '../format-number.js';
import { escapeHtml } from '../svg/escape.js';
import { lineBandChart, type LineBandSeries } from '../svg/line-band-chart.js';
import { mutedColour, seriesColour } from '../svg/palette.js';
import { timeUnit } from '../svg/series-panel.js';
import { legend } from './legend.js';
import { policySwatch, policyColours } from './policy-colours.js';

/** Sites coloured and named per chart; the rest are thin grey context. */
const colouredMax = 6;

/**
 * Under a brain: per policy (its first seed's run), where the brain sent
 * jobs over time against how many jobs really waited at each site — the
 * herd effect shows as a site taking most of the jobs sent in a period
 * while its queue grows — and the brain's counts (misroutes, the view's
 * age, late binding's probes). Empty for runs without a brain.
 */
export function brainSection(c: Comparison): string {
  const colourOf = policyColours(c);
  const runs = c.policies.map((p) => ({ policy: p, run: c.runs.find((r) => r.policy === p && r.brain !== undefined) })).filter((x): x is { policy: string; run: Results & { brain: BrainResults } } => x.run !== undefined);
  if (runs.length === 0) return '';
  const blocks = runs.map(({ policy, run }) => {
    const b = run.brain;
    const sites = Object.keys(b.dispatches.bySite);
    // Colour the sites that took the most jobs; the same site keeps its colour in both charts.
    const ranked = [...sites].sort((x, y) => (b.dispatches.bySite[y] as number) - (b.dispatches.bySite[x] as number) || sites.indexOf(x) - sites.indexOf(y));
    const strong = new Set(ranked.slice(0, colouredMax));
    const colour = new Map<string, string>();
    let k = 0;
    for (const s of sites) colour.set(s, strong.has(s) ? seriesColour(k++) : mutedColour);
    const t = run.timeseries.t;
    const unit = timeUnit(t[t.length - 1] ?? 0);
    const series = (values: Record<string, number[]>): LineBandSeries[] =>
      [...sites.filter((s) => !strong.has(s)), ...sites.filter((s) => strong.has(s))].map((s) => ({
        name: s,
        colour: colour.get(s) as string,
        points: t.map((x, i) => ({ x: x / unit.seconds, y: values[s]?.[i] })),
      }));
    const x = { quantity: 'simulated time', unit: { name: unit.unit } };
    const name = `brain/${policy}`;
    const sent = lineBandChart(series(b.timeseries.dispatchRateBySite), { name: `${name}/sent`, title: `Jobs the brain sent per second, by site (${policy})`, x, y: { quantity: 'jobs sent', unit: { name: 'jobs/s' } }, width: 560, height: 280, legend: false });
    const waiting = lineBandChart(series(b.timeseries.waitingBySite), { name: `${name}/waiting`, title: `Jobs waiting at each site (${policy})`, x, y: { quantity: 'jobs waiting', unit: { name: 'jobs' } }, width: 560, height: 280, legend: false });
    const items = sites.filter((s) => strong.has(s)).map((s) => ({ label: s, colour: colour.get(s) as string }));
    const others = sites.length - strong.size;
    const note = others > 0 ? `<p class="note">${sites.length} sites: the ${strong.size} that took the most jobs are coloured; the other ${others} are the thin grey lines.</p>` : '';
    return `<h3>${policySwatch(colourOf(policy))}${escapeHtml(policy)} · brain ${escapeHtml(b.policy)}</h3>
${facts(b)}${note}${legend(items, 'line')}<div class="panels cols-2"><figure><figcaption>sent by the brain</figcaption>${sent}</figure><figure><figcaption>waiting at the site</figcaption>${waiting}</figure></div>`;
  });
  return `<section id="brain">
<h2>The brain</h2>
<p class="note">Where the brain sent jobs against how many jobs really waited at each site, per sampling interval (first seed). A site that takes most of the jobs of a refresh period while its queue grows is the herd effect: the brain acted on an old view.</p>
${blocks.join('\n')}
</section>`;
}

function facts(b: BrainResults): string {
  const delay = typeof b.view.delayS === 'number' ? `${formatNumber(b.view.delayS, 3)} s` : b.view.delayS === 'rtt' ? 'half the round trip' : 'per site';
  const rows: [string, string][] = [
    ['view', `refreshed every ${formatNumber(b.view.refreshS, 3)} s, reports ${delay} late`],
    ['decisions', formatNumber(b.decisions, 6)],
    ['misrouted', `${formatNumber(b.misrouted, 6)}${b.misroutedFraction === null ? '' : ` (${formatNumber(b.misroutedFraction * 100, 3)}%)`}`],
    ['view age at decisions', b.viewAgeS.mean === null ? '–' : `mean ${formatNumber(b.viewAgeS.mean, 3)} s, max ${formatNumber(b.viewAgeS.max ?? 0, 3)} s`],
  ];
  if (b.probes !== undefined) rows.push(['probes', `${formatNumber(b.probes.sent, 6)} sent, ${formatNumber(b.probes.withdrawn, 6)} withdrawn`]);
  return `<dl class="facts">${rows.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`;
}
