import type { RngStreams } from '../engine/rng.js';
import { chipsToMilli, type ClusterModel } from '../model/cluster-model.js';
import type { Scenario } from '../scenario/scenario.js';
import { DiurnalSource, ExplicitJobsSource, MmppSource, OriginPicker, PoissonSource, type ArrivalSource } from './arrival-source.js';
import { lognormal, makeSampler, type Sampler } from './distribution-sampler.js';
import { AlibabaPodSource } from './trace/alibaba-pods.js';
import { AlibabaProtocolSource } from './trace/alibaba-protocol.js';
import { SwfSource } from './trace/swf.js';

/**
 * The scenario's arrival streams: one per workload entry, drawing from its
 * own `arrivals:<index>` stream, then the explicit job list if there is one.
 */
export function buildArrivalSources(s: Scenario, model: ClusterModel, rng: RngStreams, options: { strict?: boolean } = {}): ArrivalSource[] {
  const classIndex = new Map(model.classes.map((c) => [c.name, c.index]));
  const regionIndex = new Map(model.regions.map((r) => [r.name, r.index]));
  const chipIndex = new Map(model.chips.map((c) => [c.name, c.index]));
  const region = (name: string): number => regionIndex.get(name) as number;

  const sources: ArrivalSource[] = s.workload.map((w, i) => {
    const weights: [number, number][] =
      typeof w.origin === 'string' ? [[region(w.origin), 1]] : Object.entries(w.origin).map(([name, weight]) => [region(name), weight]);
    const origins = new OriginPicker(weights);
    const cls = classIndex.get(w.class) as number;
    const stream = rng.stream(`arrivals:${i}`);
    const count = w.count ?? Infinity;
    const trace = w.trace;
    if (trace !== undefined) {
      const common = { displayName: trace.name, count, timeScale: trace.timeScale, strict: options.strict === true || trace.onBadRow === 'fail', origins, rng: stream };
      if (trace.format === 'swf') return new SwfSource(trace.path, trace, cls, common);
      const byQos = new Map(Object.entries(trace.classByQos).map(([qos, name]) => [qos, classIndex.get(name) as number]));
      const mapping = { defaultClass: cls, classByQos: byQos, chips: model.chips, classSpeeds: model.classes.map((c) => c.speedByChip) };
      if (trace.order === 'shuffled') {
        const gpuMilli = model.pools.reduce((n, p) => n + (model.chips[p.chip]?.kind === 'cpu' ? 0 : p.nodes * p.milliPerNode), 0);
        return new AlibabaProtocolSource(trace.path, trace.name, trace.inflation, gpuMilli, mapping, () => origins.pick(stream), stream, common.strict, count, s.limits.maxJobs);
      }
      return new AlibabaPodSource(trace.path, trace, mapping, common);
    }
    const a = w.arrivals as NonNullable<typeof w.arrivals>;
    switch (a.process) {
      case 'poisson':
        return new PoissonSource(cls, a.rate, count, origins, stream);
      case 'diurnal':
        return new DiurnalSource(cls, a.rate, a.amplitude, a.period, a.peakS, count, origins, stream);
      case 'mmpp':
        return new MmppSource(cls, a.states, count, origins, stream);
    }
  });

  if (s.jobs.length > 0) {
    sources.push(
      new ExplicitJobsSource(
        s.jobs.map((j, i) => {
          let runtimeS: Float64Array | undefined;
          if (j.runtimeS !== undefined) {
            runtimeS = new Float64Array(model.chips.length).fill(NaN);
            for (const [chip, seconds] of Object.entries(j.runtimeS)) runtimeS[chipIndex.get(chip) as number] = seconds;
          }
          const cls = classIndex.get(j.class) as number;
          return {
            id: String(j.id ?? `job-${i}`),
            cls,
            origin: region(j.origin),
            arrival: j.arrival,
            work: j.work ?? NaN,
            runtimeS,
            milli: j.chips === undefined ? -1 : chipsToMilli(j.chips),
            inputGB: j.inputGB ?? (model.classes[cls]?.inputGB as number),
            deadlineS: j.deadline ?? NaN,
            budget: j.budget ?? NaN,
            ...(j.bid === undefined ? {} : { bid: j.bid }),
            ...(j.tier === undefined ? {} : { tier: j.tier }),
          };
        }),
      ),
    );
  }
  return sources;
}

/** One work-size sampler per class, each on its own `sizes:<class>` stream. */
export function buildWorkSamplers(model: ClusterModel, rng: RngStreams): Sampler[] {
  return model.classes.map((c) => makeSampler(c.work, rng.stream(`sizes:${c.name}`)));
}

/**
 * What policies are told of a job's work, per class. Oracle scenarios tell
 * the truth; a class with an estimate model gets work · factor · lognormal
 * noise of mean 1 (from its own `estimates:<class>` stream, so that turning
 * estimates on never shifts arrivals or sizes); otherwise the class mean.
 */
export function buildEstimators(model: ClusterModel, rng: RngStreams): ((work: number) => number)[] {
  return model.classes.map((c) => {
    if (model.oracle) return (work: number) => work;
    const e = c.estimate;
    if (e === undefined) {
      const mean = c.meanWork;
      return () => mean;
    }
    if (e.cv === 0) return (work: number) => work * e.factor;
    const noise = lognormal(1, e.cv, rng.stream(`estimates:${c.name}`));
    return (work: number) => work * e.factor * noise();
  });
}
