import type { RunRecord } from '../metrics/run-record.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { jobStateNames, type JobTable } from '../model/job-table.js';
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
 * reads the record, never recomputes a metric. The record must have kept
 * its jobs (`simulate` does by default); a run that recycles job slots
 * writes the same rows as jobs end, with `JobsCsvRows` (the CLI does).
 *
 * Per job: where it was last placed (site, pool, chip; empty if never),
 * the start and finish of its last execution (empty when it has none, or
 * when it was put back in the queue and is waiting), wait = start − arrival,
 * the RTT from its origin to that site, its cost and its energy over all
 * its executions, and its final state.
 */
export function* jobsCsv(run: RunRecord, rowsPerChunk = 4096): Generator<string, void, undefined> {
  if (!run.keptJobs) throw new Error('jobsCsv needs a run that kept its jobs (simulate without keepJobs: false); stream the rows with JobsCsvRows instead');
  const { jobs, model } = run;
  const rows = new JobsCsvRows(model);
  let chunk = jobsCsvHeader();
  let n = 0;
  for (let job = 0; job < jobs.length; job++) {
    chunk += rows.row(jobs, job);
    if (++n === rowsPerChunk) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

/** The header line of the per-job CSV. */
export function jobsCsvHeader(): string {
  return `${jobsCsvColumns.join(',')}\n`;
}

/** The lines of the per-job CSV, one job at a time (read while its slot still holds it). */
export class JobsCsvRows {
  private readonly nSites: number;
  private readonly classNames: string[];
  private readonly regionNames: string[];
  /** Per pool: "site,pool,chip", quoted once. */
  private readonly poolFields: string[];

  constructor(private readonly model: ClusterModel) {
    this.nSites = model.sites.length;
    this.classNames = model.classes.map((c) => csvField(c.name));
    this.regionNames = model.regions.map((r) => csvField(r.name));
    this.poolFields = model.pools.map((p) => [model.sites[p.site]?.name ?? '', p.name, model.chips[p.chip]?.name ?? ''].map(csvField).join(','));
  }

  /** One job's line, with its line end. */
  row(jobs: JobTable, job: number): string {
    const { model } = this;
    const origin = jobs.origin[job] as number;
    const pool = jobs.pool[job] as number;
    const arrival = jobs.arrival[job] as number;
    const start = jobs.start[job] as number;
    const started = !Number.isNaN(start);
    const finish = started ? (jobs.finish[job] as number) : NaN;
    const where = pool >= 0 ? (this.poolFields[pool] as string) : ',,';
    const rtt = pool >= 0 ? (model.rttMs[origin * this.nSites + (model.pools[pool]?.site ?? 0)] as number) : NaN;
    return (
      `${csvField(jobs.idOf(job))},${this.classNames[jobs.cls[job] as number] ?? ''},${this.regionNames[origin] ?? ''},${where},` +
      `${num(arrival)},${num(start)},${num(finish)},${started ? num(start - arrival) : ''},${num(rtt)},` +
      `${num(jobs.cost[job] as number)},${num(jobs.energyKWh[job] as number)},${jobStateNames[jobs.state[job] as number] ?? ''}\n`
    );
  }
}

/** A number as JavaScript writes it (shortest round trip), or empty for NaN. */
function num(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}
