import type { RngStreams } from '../engine/rng.js';
import { chipsToMilli, type ClusterModel } from '../model/cluster-model.js';
import type { Scenario } from '../scenario/parse-scenario.js';
import { ExplicitJobsSource, OriginPicker, PoissonSource, type ArrivalSource } from './arrival-source.js';
import { makeSampler, type Sampler } from './distribution-sampler.js';

/**
 * The scenario's arrival streams: one per workload entry, drawing from its
 * own `arrivals:<index>` stream, then the explicit job list if there is one.
 */
export function buildArrivalSources(s: Scenario, model: ClusterModel, rng: RngStreams): ArrivalSource[] {
  const classIndex = new Map(model.classes.map((c) => [c.name, c.index]));
  const regionIndex = new Map(model.regions.map((r) => [r.name, r.index]));
  const region = (name: string): number => regionIndex.get(name) as number;

  const sources: ArrivalSource[] = s.workload.map((w, i) => {
    const weights: [number, number][] =
      typeof w.origin === 'string' ? [[region(w.origin), 1]] : Object.entries(w.origin).map(([name, weight]) => [region(name), weight]);
    const cls = classIndex.get(w.class) as number;
    const stream = rng.stream(`arrivals:${i}`);
    switch (w.arrivals.process) {
      case 'poisson':
        return new PoissonSource(cls, w.arrivals.rate, w.count ?? Infinity, new OriginPicker(weights), stream);
    }
  });

  if (s.jobs.length > 0) {
    sources.push(
      new ExplicitJobsSource(
        s.jobs.map((j, i) => ({
          id: String(j.id ?? `job-${i}`),
          cls: classIndex.get(j.class) as number,
          origin: region(j.origin),
          arrival: j.arrival,
          work: j.work,
          milli: j.chips === undefined ? -1 : chipsToMilli(j.chips),
        })),
      ),
    );
  }
  return sources;
}

/** One work-size sampler per class, each on its own `sizes:<class>` stream. */
export function buildWorkSamplers(model: ClusterModel, rng: RngStreams): Sampler[] {
  return model.classes.map((c) => makeSampler(c.work, rng.stream(`sizes:${c.name}`)));
}
