import type { Results } from '../metrics/results.js';
import { resample } from './comparison.js';

/** A market's series averaged over seeds, per chip type, on one grid (see `MarketResults.timeseries`). */
export interface MeanMarketSeries {
  t: number[];
  /** Mean trade price of the trades in each interval, over the seeds that traded then; null where none did. */
  tradePriceByChip: Record<string, (number | null)[]>;
  /** Chip-hours traded in each interval, mean over seeds. */
  chipHoursByChip: Record<string, number[]>;
  /** Mean ask of the chip type's pools over each interval, mean over seeds. */
  askByChip: Record<string, number[]>;
}

/**
 * The mean over seeds of the runs' market series, on the grid of the
 * longest run (the others resampled onto it when their grids differ, as
 * `compare` does for utilisation); undefined when no run traded.
 */
export function meanMarketSeries(runs: readonly Results[]): MeanMarketSeries | undefined {
  const traded = runs.filter((r) => r.market !== undefined);
  if (traded.length === 0) return undefined;
  const longest = traded.reduce((a, r) => (r.timeseries.t.length > a.timeseries.t.length ? r : a));
  const grid = longest.timeseries.t;
  const onGrid = (r: Results, values: readonly (number | null)[]): number[] => {
    const v = values.map((x) => (x === null ? NaN : x));
    return r.timeseries.t.length === grid.length && r.timeseries.t.every((x, i) => x === grid[i]) ? v : resample(r.timeseries.t, v, grid);
  };
  const mean = (pick: (r: Results) => readonly (number | null)[] | undefined): (number | null)[] => {
    const sum = new Float64Array(grid.length);
    const n = new Float64Array(grid.length);
    for (const r of traded) {
      const values = pick(r);
      if (values === undefined) continue;
      onGrid(r, values).forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        sum[i] = (sum[i] as number) + v;
        n[i] = (n[i] as number) + 1;
      });
    }
    return Array.from(sum, (s, i) => ((n[i] as number) > 0 ? s / (n[i] as number) : null));
  };
  const chips = (pick: (r: Results) => Record<string, unknown>): string[] => [...new Set(traded.flatMap((r) => Object.keys(pick(r))))];
  const m = (r: Results): NonNullable<Results['market']> => r.market as NonNullable<Results['market']>;
  const zeroed = (values: (number | null)[]): number[] => values.map((v) => v ?? 0);
  return {
    t: [...grid],
    tradePriceByChip: Object.fromEntries(chips((r) => m(r).timeseries.tradePriceByChip).map((c) => [c, mean((r) => m(r).timeseries.tradePriceByChip[c])])),
    // A seed that traded none of a chip type traded 0 chip-hours of it.
    chipHoursByChip: Object.fromEntries(chips((r) => m(r).timeseries.chipHoursByChip).map((c) => [c, zeroed(mean((r) => m(r).timeseries.chipHoursByChip[c] ?? grid.map(() => 0)))])),
    askByChip: Object.fromEntries(chips((r) => m(r).timeseries.askByChip).map((c) => [c, zeroed(mean((r) => m(r).timeseries.askByChip[c]))])),
  };
}
