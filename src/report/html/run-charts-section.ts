import type { Results } from '../../metrics/results.js';
import { formatNumber } from '../format-number.js';
import { cdfChart } from '../svg/cdf-chart.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import { groupedBars } from '../svg/grouped-bars.js';
import { lineBandChart } from '../svg/line-band-chart.js';
import { seriesColour } from '../svg/palette.js';
import { timeUnit } from '../svg/series-panel.js';
import { legend } from './legend.js';
import { stackedTables } from './stacked-tables.js';

/** The colour that stands for the whole run beside its classes. */
const allColour = '#24292f';

/** The JCT distribution of the run and of each class, as CDFs read from their quantile functions. */
export function runJctSection(r: Results): string {
  const classes = Object.entries(r.distribution.jctByClass).filter(([, q]) => q.length >= 2);
  const series = [
    ...(r.distribution.jct.length >= 2 ? [{ label: 'all jobs', colour: allColour, quantiles: r.distribution.jct }] : []),
    ...(classes.length > 1 ? classes.map(([name, q], i) => ({ label: name, colour: seriesColour(i), quantiles: q })) : []),
  ];
  if (series.length === 0) return `<section id="jct"><h2>Job completion time distribution</h2><p class="note">No job completed: there is no distribution to draw.</p></section>`;
  const svg = cdfChart(series, { name: 'jct-cdf-by-class', title: classes.length > 1 ? 'JCT distribution, all jobs and per class' : 'JCT distribution', quantity: 'job completion time', unit: 's' });
  const at = (q: readonly number[], p: number): string => formatValue(q[Math.round(p * (q.length - 1))], 's', 3);
  const ps: [number, string][] = [
    [0.5, 'p50'],
    [0.95, 'p95'],
    [0.99, 'p99'],
    [1, 'max'],
  ];
  const table = stackedTables(
    [{ head: '<th scope="col">jobs</th>', cells: series.map((s) => `<th scope="row"><span class="swatch" style="background:${s.colour}"></span>${escapeHtml(s.label)}</th>`) }],
    ps.map(([p, label]) => ({ head: `<th scope="col">${label}</th>`, cells: series.map((s) => `<td>${at(s.quantiles, p)}</td>`) })),
  );
  return `<section id="jct">
<h2>Job completion time distribution${classes.length > 1 ? ', per class' : ''}</h2>
<p class="note">Share of completed jobs finished within a given time, arrival to finish${classes.length > 1 ? ': classes of very different sizes each get their own curve' : ''}. Further left and higher is better.</p>
<div class="with-table"><div class="chart-box">${legend(series.map((s) => ({ label: s.label, colour: s.colour })), 'line')}${svg}</div><div class="table-box">${table}</div></div>
</section>`;
}

/** Jobs waiting in the central queue over time (each value the mean over its sampling interval). */
export function runQueueSection(r: Results): string {
  const t = r.timeseries.t;
  if (t.length < 2) return '';
  const unit = timeUnit(t[t.length - 1] as number);
  const points = t.map((v, i) => ({ x: v / unit.seconds, y: r.timeseries.queueLength[i] }));
  const svg = lineBandChart([{ name: 'jobs waiting', colour: allColour, points }], {
    name: 'queue-length',
    title: 'Jobs waiting over time',
    x: { quantity: 'simulated time', unit: { name: unit.unit }, domain: [0, t[t.length - 1] as number / unit.seconds] },
    y: { quantity: 'jobs waiting' },
    width: 720,
    height: 260,
  });
  const peak = Math.max(...r.timeseries.queueLength);
  return `<section id="queue">
<h2>Queue over time</h2>
<p class="note">Jobs waiting in the central queue, averaged over each sampling interval; the highest interval averaged ${formatNumber(peak)}.</p>
<div class="chart-box">${svg}</div>
</section>`;
}

/** Each site's utilisation as a bar, with its energy beside, and SLO attainment per latency circle when jobs carry one. */
export function runSitesSection(r: Results): string {
  const sites = Object.entries(r.utilization.bySite);
  if (sites.length === 0) return '';
  const bars = groupedBars(
    sites.map(([name, u], i) => ({ label: name, bars: [{ label: 'utilisation', colour: seriesColour(i), mean: u, low: null, high: null }] })),
    { name: 'utilisation-by-site', title: 'Utilisation per site', groupTitle: 'site', quantity: 'utilisation', unit: 'fraction', intervalName: '' },
  );
  const table = stackedTables(
    [{ head: '<th scope="col">site</th>', cells: sites.map(([name]) => `<th scope="row">${escapeHtml(name)}</th>`) }],
    [
      { head: '<th scope="col">utilisation</th>', cells: sites.map(([, u]) => `<td>${formatValue(u, 'fraction')}</td>`) },
      { head: '<th scope="col">energy</th>', cells: sites.map(([name]) => `<td>${formatValue(r.energy.bySite[name], 'kWh')}</td>`) },
    ],
  );
  const circles = Object.entries(r.slo.byCircle).filter(([, c]) => c.jobs > 0 && c.met !== null);
  const slo =
    circles.length === 0
      ? ''
      : `<h3>Circle SLO met, per latency circle</h3>${groupedBars(
          circles.map(([name, c], i) => ({ label: name, bars: [{ label: 'met', colour: seriesColour(i), mean: c.met, low: null, high: null }] })),
          { name: 'slo-by-circle', title: 'Circle SLO attainment per latency circle', groupTitle: 'latency circle', quantity: 'circle SLO met', unit: 'fraction', intervalName: '' },
        )}`;
  return `<section id="sites">
<h2>Use per site</h2>
<p class="note">Allocated chip-seconds over the chip-seconds in service at each site, and the energy its chips drew, idle and busy.</p>
<div class="with-table"><div class="chart-box">${bars}</div><div class="table-box">${table}</div></div>
${slo}
</section>`;
}
