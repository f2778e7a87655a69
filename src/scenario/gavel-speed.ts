import { bounds, outOfBound } from './field-bounds.js';
import { gavelJobTypes, gavelRow, gavelScaleFactors, type GavelThroughputs } from './gavel-throughputs.js';

/** The worker types a scenario chip of the same name maps to unless told otherwise. */
export const GAVEL_GPUS: readonly string[] = ['k80', 'p100', 'v100'];

/** Which row of a Gavel table gives a class its speeds, and how its worker types map to chips. */
export interface GavelSpeedRequest {
  jobType: string;
  scaleFactor: number;
  /** Scenario chip → Gavel worker type. Default: every chip named k80, p100 or v100 maps to itself. */
  chips?: Readonly<Record<string, string>> | undefined;
  /** The worker type whose throughput is speed 1; work is in seconds on it. */
  reference: string;
}

/** Something wrong with a request, at a field of it (and a key of the map there, if given). */
export interface GavelSpeedIssue {
  field: string[];
  key?: string;
  message: string;
}

/**
 * A class's speed per chip from a Gavel table: the throughput on the chip's
 * worker type over the throughput on the reference worker type, so that a
 * class's work stays in reference-chip seconds. A worker type with
 * throughput 0 cannot run the job, so its chip is left out of the table.
 *
 * `scenarioChips`, when given, are the chips the scenario declares: mapped
 * chips must be among them, and the default mapping uses those named k80,
 * p100 or v100. Without it every worker type read maps to itself.
 */
export function gavelSpeed(
  table: GavelThroughputs,
  request: GavelSpeedRequest,
  scenarioChips?: readonly string[],
): { speed: Record<string, number> } | { issues: GavelSpeedIssue[] } {
  const issues: GavelSpeedIssue[] = [];
  const { jobType, scaleFactor, reference } = request;
  const what = `"${jobType}" at scale factor ${scaleFactor}`;

  const row = gavelRow(table, jobType, scaleFactor);
  if (row === undefined) {
    const factors = gavelScaleFactors(table, jobType);
    if (factors.length === 0) {
      const close = closeMatches(jobType, gavelJobTypes(table));
      const hint = close.length > 0 ? `close matches: ${quoteList(close)}` : `job types: ${quoteList(gavelJobTypes(table))}`;
      issues.push({ field: ['jobType'], message: `unknown job type "${jobType}" — ${hint}` });
    } else {
      issues.push({ field: ['scaleFactor'], message: `"${jobType}" is not measured at scale factor ${scaleFactor} — available: ${factors.join(', ')}` });
    }
  }

  const knownWorkers = table.workerTypes;
  const unknownWorker = (w: string): string => `unknown Gavel worker type "${w}" — known: ${knownWorkers.join(', ')}`;

  let chips: Record<string, string>;
  if (request.chips !== undefined) {
    chips = { ...request.chips };
    for (const [chip, worker] of Object.entries(chips)) {
      if (scenarioChips !== undefined && !scenarioChips.includes(chip)) {
        issues.push({ field: ['chips'], key: chip, message: `unknown chip "${chip}" — known: ${scenarioChips.length > 0 ? scenarioChips.join(', ') : '(none)'}` });
      }
      if (!knownWorkers.includes(worker)) issues.push({ field: ['chips', chip], message: unknownWorker(worker) });
    }
  } else {
    const names = scenarioChips === undefined ? knownWorkers : scenarioChips.filter((c) => GAVEL_GPUS.includes(c) && knownWorkers.includes(c));
    chips = Object.fromEntries(names.map((c) => [c, c]));
    if (names.length === 0) {
      issues.push({
        field: [],
        message: `the scenario has no chip named ${GAVEL_GPUS.join(', ')}: map its chips to Gavel worker types with chips: { <chip>: <worker type>, ... }`,
      });
    }
  }

  if (!knownWorkers.includes(reference)) issues.push({ field: ['reference'], message: unknownWorker(reference) });
  if (row === undefined || issues.length > 0) return { issues };

  const referenceStepsPerS = row.stepsPerS[reference];
  if (referenceStepsPerS === undefined) {
    return { issues: [{ field: ['reference'], message: `${what} has no measurement on ${reference}` }] };
  }
  if (referenceStepsPerS === 0) {
    return { issues: [{ field: ['reference'], message: `${what} cannot run on ${reference} (throughput 0), so ${reference} cannot be the reference` }] };
  }

  const speed: Record<string, number> = {};
  for (const [chip, worker] of Object.entries(chips)) {
    const stepsPerS = row.stepsPerS[worker];
    if (stepsPerS === undefined) {
      issues.push({ field: ['chips', chip], message: `${what} has no measurement on ${worker}` });
      continue;
    }
    if (!(stepsPerS > 0)) continue;
    // A speed read from a table obeys the same bound as one written in the scenario.
    const why = outOfBound(stepsPerS / referenceStepsPerS, bounds.ratio);
    if (why === undefined) speed[chip] = stepsPerS / referenceStepsPerS;
    else issues.push({ field: ['chips', chip], message: `the speed of ${what} on ${worker} (its throughput over ${reference}'s) ${why}` });
  }
  if (issues.length > 0) return { issues };
  if (Object.keys(speed).length === 0) {
    issues.push({ field: [], message: `${what} cannot run on any of ${quoteList(Object.values(chips))} (throughput 0 on each)` });
    return { issues };
  }
  return { speed };
}

/**
 * Up to three candidates close to `query`, closest first: within a small
 * edit distance, containing it, or of the same model (the same first word,
 * as `ResNet-50` in `ResNet-50 (batch size 64)`).
 */
export function closeMatches(query: string, candidates: readonly string[], max = 3): string[] {
  const q = query.toLowerCase();
  const limit = Math.max(2, Math.floor(q.length / 3));
  const model = (s: string): string => s.split(/[\s(]/, 1)[0] ?? '';
  return candidates
    .map((c, order) => {
      const lc = c.toLowerCase();
      const d = editDistance(q, lc);
      const close = d <= limit || lc.includes(q) || q.includes(lc) || (model(q) !== '' && model(q) === model(lc));
      return { c, order, d, close };
    })
    .filter((x) => x.close)
    .sort((a, b) => a.d - b.d || a.order - b.order)
    .slice(0, max)
    .map((x) => x.c);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

function quoteList(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}
