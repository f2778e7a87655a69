import { lineBandChart } from '../src/report/svg/line-band-chart.js';
import { standaloneSvg } from '../src/report/svg/standalone-svg.js';

interface Curve {
  policy: string;
  x: number[];
  mean: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

/**
 * The FGD paper's Figure 7-style chart: GPU allocation (%) against the
 * arrived GPU workload (% of the cluster), one line per policy (mean over
 * seeds) with its min–max band, and the ideal: everything placed.
 */
export function fgdFigure(curves: readonly Curve[]): string {
  const series = curves.map((c) => ({
    name: c.policy,
    points: c.x
      .map((x, i) => ({ x, y: c.mean[i] ?? undefined, lo: c.min[i] ?? undefined, hi: c.max[i] ?? undefined }))
      .filter((p) => p.x >= 60),
  }));
  return standaloneSvg(
    lineBandChart(series, {
      name: 'fgd-alloc',
      title: 'GPU allocation against arrived workload, Alibaba GPU 2023 (FGD paper protocol)',
      x: { quantity: 'arrived GPU workload', unit: { name: '% of cluster' }, domain: [60, 130] },
      y: { quantity: 'GPU allocation', unit: { name: '%' }, domain: [60, 100] },
      bandName: 'min–max over seeds',
      reference: { name: 'ideal (everything placed)', points: [ { x: 60, y: 60 }, { x: 100, y: 100 }, { x: 130, y: 100 } ] },
      width: 760,
      height: 440,
    }),
  );
}
