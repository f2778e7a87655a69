import type { Comparison, PolicySummary } from '../../compare/comparison.js';
import type { MeanMarketSeries } from '../../compare/market-series.js';
import { escapeHtml } from '../svg/escape.js';
import { lineBandChart, type LineBandSeries } from '../svg/line-band-chart.js';
import { seriesColour } from '../svg/palette.js';
import { finite, linearAxis } from '../svg/value-axis.js';
import { timeUnit } from '../svg/series-panel.js';
import { policyColours, policySwatch } from './policy-colours.js';

const size = { width: 560, height: 300 } as const;

/** One chart's lines: a series per chip type (and per chip type's ask, for prices), time in the unit that reads best. */
function chartSeries(m: MeanMarketSeries, chips: readonly string[], pick: 'price' | 'volume', seconds: number): LineBandSeries[] {
  const points = (values: readonly (number | null)[] | undefined): LineBandSeries['points'] =>
    m.t.map((t, i) => {
      const v = values?.[i];
      return { x: t / seconds, y: v === null || v === undefined ? undefined : v };
    });
  if (pick === 'volume') return chips.map((chip, k) => ({ name: chip, colour: seriesColour(k), points: points(m.chipHoursByChip[chip]) }));
  return [
    ...chips.map((chip, k) => ({ name: `${chip} trade price`, colour: seriesColour(k), points: points(m.tradePriceByChip[chip]) })),
    ...chips.map((chip, k) => ({ name: `${chip} ask`, colour: seriesColour(k + chips.length), points: points(m.askByChip[chip]) })),
  ];
}

/**
 * Price and volume over time per chip type, for runs that traded
 * (docs/market.md): per compared policy or mechanism, the mean trade
 * price of each interval's trades beside the mean ask of the chip type's
 * pools, and the chip-hours traded. Draws what `compare` averaged; empty
 * when nothing traded.
 */
export function marketSection(c: Comparison): string {
  const traded = c.summaries.filter((s): s is PolicySummary & { market: MeanMarketSeries } => s.market !== undefined && s.market.t.length > 0);
  if (traded.length === 0) return '';
  const colourOf = policyColours(c);
  const chips = [...new Set(traded.flatMap((s) => [...Object.keys(s.market.tradePriceByChip), ...Object.keys(s.market.askByChip)]))];
  const end = Math.max(...traded.map((s) => s.market.t[s.market.t.length - 1] as number));
  const time = timeUnit(end);
  const series = traded.map((s) => ({ price: chartSeries(s.market, chips, 'price', time.seconds), volume: chartSeries(s.market, chips, 'volume', time.seconds) }));
  // Small multiples share their scales: one price axis and one volume axis for every panel.
  const axis = (pick: 'price' | 'volume'): readonly [number, number] =>
    linearAxis(finite(series.flatMap((x) => x[pick].flatMap((sr) => sr.points.map((p) => p.y)))), [1, 0], { tickCount: 5, pad: true, fromZero: true }).domain;
  const priceDomain = axis('price');
  const volumeDomain = axis('volume');
  const x = { quantity: 'simulated time', unit: { name: time.unit }, domain: [0, end / time.seconds] as const };
  const rows = traded.map((s, i) => {
    const own = series[i] as { price: LineBandSeries[]; volume: LineBandSeries[] };
    const price = lineBandChart(own.price, { name: `market-price-${i}`, title: `Trade price and ask per chip type, ${s.policy}`, x, y: { quantity: 'price per chip-hour', unit: '$', domain: priceDomain }, ...size });
    const volume = lineBandChart(own.volume, { name: `market-volume-${i}`, title: `Chip-hours traded per chip type, ${s.policy}`, x, y: { quantity: 'chip-hours traded', unit: { name: 'chip-h' }, domain: volumeDomain }, ...size });
    return `<h3>${policySwatch(colourOf(s.policy))}${escapeHtml(s.policy)}</h3><div class="panels cols-2"><figure>${price}</figure><figure>${volume}</figure></div>`;
  });
  const seeds = c.seeds.length > 1 ? `, averaged over the ${c.seeds.length} seeds` : '';
  return `<section id="market">
<h2>Market: price and volume over time</h2>
<p class="note">Per chip type, over each sampling interval${seeds}: the mean price of the trades made in it (locked by on-demand trades; a spot trade's starting ask) beside the mean ask of the chip type's pools, and the chip-hours those trades held. A gap in a price line: no trade of that chip type then.</p>
${rows.join('\n')}
</section>`;
}
