import type { Comparison } from '../../compare/comparison.js';
import { linksByUtilisation, type NetworkResults } from '../../metrics/network-results.js';
import type { Results } from '../../metrics/results.js';
import { formatNumber } from '../format-number.js';
import { escapeHtml } from '../svg/escape.js';
import { lineBandChart, type LineBandSeries } from '../svg/line-band-chart.js';
import { mutedColour, seriesColour } from '../svg/palette.js';
import { timeUnit } from '../svg/series-panel.js';
import { legend } from './legend.js';
import { policySwatch, policyColours } from './policy-colours.js';

/** Links coloured and named per chart (the busiest); the rest are thin grey context. */
const colouredMax = 5;

/**
 * Over shared links (issue 18): per policy (its first seed's run), the
 * busiest links' utilisation over time, and how much moving data cost
 * the jobs: transfers each way and the share of JCT they took. Empty for
 * runs without `network.links`.
 */
export function networkSection(c: Comparison): string {
  const colourOf = policyColours(c);
  const runs = c.policies
    .map((p) => ({ policy: p, run: c.runs.find((r) => r.policy === p && r.network !== undefined) }))
    .filter((x): x is { policy: string; run: Results & { network: NetworkResults } } => x.run !== undefined);
  if (runs.length === 0) return '';
  const blocks = runs.map(({ policy, run }) => {
    const n = run.network;
    const names = n.links.map((l) => l.name);
    // The busiest links by mean utilisation are coloured; the same link keeps its colour across policies' charts.
    const strong = new Set(linksByUtilisation(n).slice(0, colouredMax).map((l) => l.name));
    const colour = new Map<string, string>();
    let k = 0;
    for (const name of names) colour.set(name, strong.has(name) ? seriesColour(k++) : mutedColour);
    const t = run.timeseries.t;
    const unit = timeUnit(t[t.length - 1] ?? 0);
    const series: LineBandSeries[] = [...names.filter((l) => !strong.has(l)), ...names.filter((l) => strong.has(l))].map((l) => ({
      name: l,
      colour: colour.get(l) as string,
      points: t.map((x, i) => ({ x: x / unit.seconds, y: percent(n.timeseries.utilisationByLink[l]?.[i]) })),
    }));
    const chart = lineBandChart(series, {
      name: `network/${policy}`,
      title: `Utilisation of the busiest links over time (${policy})`,
      x: { quantity: 'simulated time', unit: { name: unit.unit } },
      y: { quantity: 'utilisation', unit: { name: '%' } },
      width: 720,
      height: 300,
      legend: false,
    });
    const items = names.filter((l) => strong.has(l)).map((l) => ({ label: l, colour: colour.get(l) as string }));
    const others = names.length - strong.size;
    const note = others > 0 ? `<p class="note">${names.length} links: the ${strong.size} busiest are coloured; the other ${others} are the thin grey lines.</p>` : '';
    return `<h3>${policySwatch(colourOf(policy))}${escapeHtml(policy)}</h3>
${facts(n)}${note}${legend(items, 'line')}<figure>${chart}</figure>`;
  });
  return `<section id="network">
<h2>The shared network</h2>
<p class="note">Each link's mean utilisation per sampling interval (first seed): transfers share a link max-min fairly, so a link near 100% slows every transfer across it.</p>
${blocks.join('\n')}
</section>`;
}

function seconds(v: number | null): string {
  return v === null ? '–' : `${formatNumber(v, 3)} s`;
}

function percent(u: number | undefined): number | undefined {
  return u === undefined ? undefined : u * 100;
}

function facts(n: NetworkResults): string {
  const way = (w: NetworkResults['transfers']['input']): string =>
    w.count === 0
      ? 'none'
      : `${formatNumber(w.count, 6)} (${formatNumber(w.gb, 4)} GB) in ${seconds(w.timeS.p50)} at the median, ${seconds(w.timeS.p95)} at p95, ${seconds(w.timeS.max)} at most`;
  const rows: [string, string][] = [
    ['sharing', n.sharing],
    ['inputs moved', way(n.transfers.input)],
    ['outputs moved', way(n.transfers.output)],
    ['share of JCT moving data', n.transferShareOfJct === null ? '–' : `${formatNumber(n.transferShareOfJct * 100, 3)}%`],
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`;
}
