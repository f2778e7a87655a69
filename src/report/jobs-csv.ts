import type { RunRecord } from '../metrics/run-record.js';
import { jobStateNames } from '../model/job-table.js';
import { csvField } from './csv-field.js';

/** The columns of `jobsCsv`, in order. */
export const jobsCsvColumns = [
  'id',
  'class',
  'origin',
  'site',
  'pool',
  'chip',
  'arrival',
  'start',
  'finish',
  'wait',
  'rttMs',
  'cost',
  'energyKWh',
  'outcome',
] as const;

/**
 * Every job of a run as CSV (a header line, then one line per job in
 * arrival order; fields quoted as RFC 4180 says, only where needed; LF line
 * ends), yielded in chunks of `rowsPerChunk` lines so that a run of
 * millions of jobs is written without building one giant string. Pure:
 * reads the record, never recomputes a metric.
 *
 * Per job: where it was last placed (site, pool, chip; empty if never),
 * the start and finish of its last execution (empty when it has none, or
 * when it was put back in the queue and is waiting), wait = start − arrival,
 * the RTT from its origin to that site, its cost and its energy over all
 * its executions, and its final state.
 */
export function* jobsCsv(run: RunRecord, rowsPerChunk = 4096): Generator<string, void, undefined> {
  const { jobs, model } = run;
  const nSites = model.sites.length;
  const classNames = model.classes.map((c) => csvField(c.name));
  const regionNames = model.regions.map((r) => csvField(r.name));
  // Per pool: "site,pool,chip", quoted once.
  const poolFields = model.pools.map((p) =>
    [model.sites[p.site]?.name ?? '', p.name, model.chips[p.chip]?.name ?? ''].map(csvField).join(','),
  );
  let chunk = `${jobsCsvColumns.join(',')}\n`;
  let rows = 0;
  for (let job = 0; job < jobs.length; job++) {
    const origin = jobs.origin[job] as number;
    const pool = jobs.pool[job] as number;
    const arrival = jobs.arrival[job] as number;
    const start = jobs.start[job] as number;
    const started = !Number.isNaN(start);
    const finish = started ? (jobs.finish[job] as number) : NaN;
    const where = pool >= 0 ? (poolFields[pool] as string) : ',,';
    const rtt = pool >= 0 ? (model.rttMs[origin * nSites + (model.pools[pool]?.site ?? 0)] as number) : NaN;
    chunk +=
      `${csvField(jobs.idOf(job))},${classNames[jobs.cls[job] as number] ?? ''},${regionNames[origin] ?? ''},${where},` +
      `${num(arrival)},${num(start)},${num(finish)},${started ? num(start - arrival) : ''},${num(rtt)},` +
      `${num(jobs.cost[job] as number)},${num(jobs.energyKWh[job] as number)},${jobStateNames[jobs.state[job] as number] ?? ''}\n`;
    if (++rows === rowsPerChunk) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

/** A number as JavaScript writes it (shortest round trip), or empty for NaN. */
function num(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}
