import type { RunRecord } from '../metrics/run-record.js';
import type { DecisionExplanation, JobExplanation } from '../model/explanation.js';
import { TraceEventKind, executionOutcomes, isExecution, type ScheduleTrace } from '../sim/schedule-trace.js';

/**
 * A recorded schedule as a Chrome Trace Event Format file (the JSON object
 * form, which Perfetto and chrome://tracing open), yielded in chunks of
 * `eventsPerChunk` events so that a million events are written without
 * building one giant string. Pure: renders what was recorded.
 *
 * One process per site, one thread per lane of a node (`<pool> node <n>`,
 * further lanes `<pool> node <n> · <k+1>`, kept together by
 * thread_sort_index); one complete event ('X') per execution on a node,
 * instants ('i') for node failures, repairs, preemptions and evictions;
 * over shared links, each transfer an async slice ('b'/'e') of a "network
 * transfers" process, with the job as its id: a track per job.
 * Times are simulated time in whole microseconds: starts and ends are each
 * rounded, so that executions in one lane, which never overlap, do not
 * overlap once rounded either.
 */
export function* chromeTrace(trace: ScheduleTrace, run: RunRecord, eventsPerChunk = 2048): Generator<string, void, undefined> {
  const { model } = run;
  // What a job was is in the trace itself: a run that recycles job slots keeps no table to read afterwards.
  const idOf = (i: number): string => {
    const serial = trace.job[i] as number;
    return trace.jobIds.get(serial) ?? String(serial);
  };
  const classNames = model.classes.map((c) => JSON.stringify(c.name));
  const regionNames = model.regions.map((r) => JSON.stringify(r.name));
  const poolNames = model.pools.map((p) => JSON.stringify(p.name));
  const why = whyIndex(run.explanations);

  // Lanes in (pool, node, lane) order: their rank is their tid and sort index.
  const laneCount = trace.lanePool.length;
  const order = Array.from({ length: laneCount }, (_, i) => i).sort(
    (a, b) =>
      (trace.lanePool[a] as number) - (trace.lanePool[b] as number) ||
      (trace.laneNode[a] as number) - (trace.laneNode[b] as number) ||
      (trace.laneIndex[a] as number) - (trace.laneIndex[b] as number),
  );
  const tid = new Int32Array(laneCount);
  order.forEach((lane, rank) => (tid[lane] = rank + 1));
  const pidOf = (lane: number): number => (model.pools[trace.lanePool[lane] as number]?.site ?? 0) + 1;

  const meta: string[] = [];
  const sitesShown = [...new Set(order.map(pidOf))].sort((a, b) => a - b);
  for (const pid of sitesShown) {
    const name = JSON.stringify(model.sites[pid - 1]?.name ?? `site ${pid - 1}`);
    meta.push(`{"name":"process_name","ph":"M","pid":${pid},"tid":0,"args":{"name":${name}}}`);
    meta.push(`{"name":"process_sort_index","ph":"M","pid":${pid},"tid":0,"args":{"sort_index":${pid}}}`);
  }
  for (const lane of order) {
    const pool = model.pools[trace.lanePool[lane] as number];
    const k = trace.laneIndex[lane] as number;
    const name = `${pool?.name ?? '?'} node ${trace.laneNode[lane] as number}${k === 0 ? '' : ` · ${k + 1}`}`;
    const t = tid[lane] as number;
    const pid = pidOf(lane);
    meta.push(`{"name":"thread_name","ph":"M","pid":${pid},"tid":${t},"args":{"name":${JSON.stringify(name)}}}`);
    meta.push(`{"name":"thread_sort_index","ph":"M","pid":${pid},"tid":${t},"args":{"sort_index":${t}}}`);
  }

  let chunk = `{"traceEvents":[\n${meta.join(',\n')}`;
  let sep = meta.length > 0 ? ',\n' : '';
  let n = 0;
  for (let i = 0; i < trace.count; i++) {
    const kind = trace.kind[i] as number;
    const lane = trace.lane[i] as number;
    const where = `"pid":${pidOf(lane)},"tid":${tid[lane] as number}`;
    const ts = micros(trace.start[i] as number);
    let event: string;
    if (isExecution(kind)) {
      const jobId = idOf(i);
      const id = JSON.stringify(jobId);
      const cls = classNames[trace.jobClass[i] as number] ?? '""';
      const dur = micros(trace.end[i] as number) - ts;
      event =
        `{"name":${id},"cat":${cls},"ph":"X","ts":${ts},"dur":${dur},${where},"args":{"job":${id},"class":${cls},` +
        `"origin":${regionNames[trace.jobOrigin[i] as number] ?? '""'},"chips":${(trace.jobMilli[i] as number) / 1000},"outcome":"${executionOutcomes[kind] ?? ''}"` +
        `${why === undefined ? '' : whyArg(why.get(jobId), trace.start[i] as number)}}}`;
    } else if (kind === TraceEventKind.NodeDown || kind === TraceEventKind.NodeUp) {
      const name = kind === TraceEventKind.NodeDown ? 'node down' : 'node up';
      event = `{"name":"${name}","cat":"node","ph":"i","s":"t","ts":${ts},${where},"args":{"pool":${poolNames[trace.lanePool[lane] as number] ?? '""'},"node":${trace.laneNode[lane] as number}}}`;
    } else {
      const name = kind === TraceEventKind.Preempt ? 'preempted' : 'evicted';
      event = `{"name":"${name}","cat":"job","ph":"i","s":"t","ts":${ts},${where},"args":{"job":${JSON.stringify(idOf(i))}}}`;
    }
    chunk += sep + event;
    sep = ',\n';
    if (++n === eventsPerChunk) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  // issue 18: transfers over shared links, as async slices of a "network" process: one track per job.
  const transfers = trace.transfers;
  if (transfers.job.length > 0) {
    const pid = model.sites.length + 1;
    chunk += `${sep}{"name":"process_name","ph":"M","pid":${pid},"tid":0,"args":{"name":"network transfers"}},\n{"name":"process_sort_index","ph":"M","pid":${pid},"tid":0,"args":{"sort_index":${pid}}}`;
    sep = ',\n';
    for (let i = 0; i < transfers.job.length; i++) {
      const serial = transfers.job[i] as number;
      const id = JSON.stringify(trace.jobIds.get(serial) ?? String(serial));
      const name = transfers.output[i] === true ? '"output"' : '"input"';
      const where = `"cat":"transfer","id":${id},"pid":${pid},"tid":0`;
      const outcome = transfers.arrived[i] === true ? 'arrived' : 'stopped';
      chunk +=
        `${sep}{"name":${name},"ph":"b",${where},"ts":${micros(transfers.start[i] as number)},"args":{"job":${id},"gb":${transfers.gb[i] as number},"outcome":"${outcome}"}}` +
        `,\n{"name":${name},"ph":"e",${where},"ts":${micros(transfers.end[i] as number)}}`;
      if (++n >= eventsPerChunk) {
        yield chunk;
        chunk = '';
        n = 0;
      }
    }
  }
  const cut = trace.droppedEvents > 0;
  const otherData = {
    generator: 'manychip',
    scenario: run.scenario.name,
    policy: run.policy.name,
    seed: run.seed,
    timeUnit: 'simulated microseconds',
    endTime: run.endTime,
    events: trace.count,
    cut,
    limit: trace.limit,
    droppedEvents: trace.droppedEvents,
  };
  yield `${chunk}\n],\n"displayTimeUnit":"ms",\n"otherData":${JSON.stringify(otherData)}}\n`;
}

/** Simulated seconds → whole microseconds. */
function micros(seconds: number): number {
  return Math.round(seconds * 1e6);
}

/** The explained jobs by id, when the run explained any. */
function whyIndex(explanations: readonly JobExplanation[] | undefined): Map<string, JobExplanation> | undefined {
  if (explanations === undefined || explanations.length === 0) return undefined;
  return new Map(explanations.map((e) => [e.job, e]));
}

/**
 * The `"why"` arg of an execution that started at `start`: the decision that
 * led to it (the last start or local-queue binding at or before it), with
 * its candidates' refusals and score parts.
 */
function whyArg(job: JobExplanation | undefined, start: number): string {
  if (job === undefined) return '';
  let decision: DecisionExplanation | undefined;
  for (const d of job.decisions) if ((d.kind === 'start' || d.kind === 'enqueue') && d.time <= start) decision = d;
  if (decision === undefined) return '';
  const candidates = decision.candidates.map((c, i) => ({
    pool: c.pool,
    ...(c.node === undefined ? {} : { node: c.node }),
    ...(i === decision.winner ? { winner: true } : {}),
    ...(c.refused.length > 0 ? { refused: c.refused } : {}),
    ...(c.parts.length > 0 ? { parts: Object.fromEntries(c.parts.map((p) => [p.name, { raw: p.raw, normalised: p.normalised, weighted: p.weighted }])) } : {}),
    ...(c.total === undefined ? {} : { total: c.total }),
  }));
  const arg = { decision: decision.kind, at: decision.time, rule: decision.rule, candidates, ...(decision.omitted === undefined ? {} : { omitted: decision.omitted }) };
  return `,"why":${JSON.stringify(arg)}`;
}
