import { InputError } from '../scenario/problem.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { LineReader } from '../io/line-reader.js';
import { parseSwfLine, readSwfHeader } from '../workload/trace/swf.js';
import { checkReadable, days, importName, IMPORT_REGION, nameFromFile, pathFromScenario, plural, scenarioYaml, type SkeletonOptions } from './scenario-yaml.js';

/** What one pass over an SWF log tells about it. */
export interface SwfFacts {
  format: 'swf';
  /** Job lines: 18 numeric fields. */
  jobs: number;
  /** Lines that are neither comments nor job lines (a replay skips them). */
  malformed: number;
  firstMalformed?: { line: number; message: string };
  /** Job lines a replay skips: no submit time, no run time or no processor count. */
  unusable: number;
  /** Largest requested processor count (field 8); 0 if none is given. */
  maxRequestedProcs: number;
  /** Largest processor count a replay sizes a job by (requested, else allocated). */
  maxProcs: number;
  /** Processors of the machine: the header's MaxProcs, else MaxNodes, else `maxProcs`. */
  machineProcs: number;
  /** Jobs asking for more processors than the machine has (they are rejected). */
  tooLarge: number;
  /** Seconds from the first to the last submit time. */
  spanS: number;
  /** Share of job lines that give a requested time (field 9), 0..1. */
  requestedTimeShare: number;
  header: {
    computer?: string;
    installation?: string;
    acknowledge?: string;
    maxProcs?: number;
    maxNodes?: number;
    unixStartTime?: number;
    /** The header's Note blocks, each with its continuation lines. */
    notes?: string[];
  };
}

/** Consecutive malformed lines, with no job line yet, after which the file is taken not to be SWF. */
const GIVE_UP_AFTER = 1000;

/** Reads the header and streams the job lines once. Throws an `InputError` for a file that is not an SWF log. */
export function swfFacts(file: string): SwfFacts {
  checkReadable(file, 'SWF log');
  const raw = readSwfHeader(file);
  const text = (key: string): string | undefined => {
    const v = raw.get(key)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const num = (key: string): number | undefined => {
    const v = Number(text(key));
    return text(key) !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
  };
  const header: SwfFacts['header'] = {};
  const put = <K extends keyof SwfFacts['header']>(key: K, value: SwfFacts['header'][K] | undefined): void => {
    if (value !== undefined) header[key] = value;
  };
  put('computer', text('Computer'));
  put('installation', text('Installation'));
  put('acknowledge', text('Acknowledge'));
  put('maxProcs', num('MaxProcs'));
  put('maxNodes', num('MaxNodes'));
  put('unixStartTime', num('UnixStartTime'));
  const notes = swfNotes(file);
  if (notes.length > 0) header.notes = notes;
  const headerProcs = header.maxProcs ?? header.maxNodes;

  let jobs = 0;
  let malformed = 0;
  let firstMalformed: SwfFacts['firstMalformed'];
  let unusable = 0;
  let maxRequestedProcs = 0;
  let maxProcs = 0;
  let tooLarge = 0;
  let withRequestedTime = 0;
  let firstSubmit = Infinity;
  let lastSubmit = -Infinity;
  const reader = new LineReader(file, { what: 'SWF log' });
  try {
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      const parsed = parseSwfLine(line);
      if (parsed.kind === 'comment') continue;
      if (parsed.kind === 'bad') {
        malformed++;
        firstMalformed ??= { line: reader.lineNumber, message: parsed.field === 'line' ? parsed.message : `${parsed.field}: ${parsed.message}` };
        if (jobs === 0 && malformed >= GIVE_UP_AFTER) break;
        continue;
      }
      const r = parsed.record;
      jobs++;
      const procs = r.requestedProcs > 0 ? r.requestedProcs : r.allocatedProcs;
      if (r.submit < 0 || r.run < 0 || procs <= 0) unusable++;
      if (r.requestedProcs > maxRequestedProcs) maxRequestedProcs = r.requestedProcs;
      if (procs > maxProcs) maxProcs = procs;
      if (headerProcs !== undefined && procs > headerProcs) tooLarge++;
      if (r.requestedTime >= 0) withRequestedTime++;
      if (r.submit >= 0) {
        if (r.submit < firstSubmit) firstSubmit = r.submit;
        if (r.submit > lastSubmit) lastSubmit = r.submit;
      }
    }
  } finally {
    reader.close();
  }
  if (jobs === 0) {
    const why = firstMalformed === undefined ? 'the file has no job lines' : `line ${firstMalformed.line} ${firstMalformed.message.replace(/^has 1 fields/, 'has 1 field')}`;
    throw InputError.single(file, `is not an SWF log: no line is a job of 18 numeric fields (${why})`);
  }
  return {
    format: 'swf',
    jobs,
    malformed,
    ...(firstMalformed === undefined ? {} : { firstMalformed }),
    unusable,
    maxRequestedProcs,
    maxProcs,
    machineProcs: headerProcs ?? maxProcs,
    tooLarge,
    spanS: lastSubmit >= firstSubmit ? lastSubmit - firstSubmit : 0,
    requestedTimeShare: withRequestedTime / jobs,
    header,
  };
}

/**
 * A scenario skeleton that replays an SWF log: one site, one pool of
 * single-processor nodes as many as the machine had, one class whose work
 * comes from the log, EASY backfilling (what most of the archive's sites ran).
 */
export function importSwf(file: string, options: SkeletonOptions = {}): { yaml: string; facts: SwfFacts } {
  const facts = swfFacts(file);
  const h = facts.header;
  const chip = importName(h.computer ?? '', 'cpu');
  const site = siteName(h.installation);
  const name = options.name ?? nameFromFile(file, ['.swf']);
  const machine = [h.computer, h.installation].filter((v) => v !== undefined).join(' at ');
  const scenario: ScenarioInput = {
    name,
    description: `${machine === '' ? 'A machine' : machine} from its SWF log: ${plural(facts.machineProcs, 'single-processor node')}, EASY backfilling`,
    seed: 1,
    chips: { [chip]: { kind: 'cpu' } },
    regions: [{ name: IMPORT_REGION }],
    sites: [{ name: site, region: IMPORT_REGION, pools: [{ chip, nodes: facts.machineProcs, chipsPerNode: 1 }] }],
    classes: { batch: { speed: { [chip]: 1 }, work: { dist: 'constant', value: 0 } } },
    workload: [{ class: 'batch', origin: IMPORT_REGION, trace: { format: 'swf', file: pathFromScenario(file, options.baseDir) } }],
    policy: 'easy-backfill',
  };
  const poolSource = h.maxProcs !== undefined ? 'MaxProcs' : h.maxNodes !== undefined ? 'MaxNodes' : 'the largest job; the header gives no MaxProcs';
  const yaml = scenarioYaml(scenario, swfHeaderComment(file, facts), options.schema, [
    { path: ['sites', 0, 'pools', 0], after: `one node per processor (${poolSource})` },
    { path: ['classes', 'batch', 'work'], after: 'every job’s work comes from the log' },
  ]);
  return { yaml, facts };
}

/**
 * The `; Note:` blocks of an SWF header with their indented continuation
 * lines, which `readSwfHeader` (one value per key line) leaves out.
 */
function swfNotes(file: string): string[] {
  const notes: string[] = [];
  let current: string[] | undefined;
  const reader = new LineReader(file, { what: 'SWF log' });
  try {
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      const t = text.trimEnd();
      if (t.trim() === '') continue;
      if (!t.startsWith(';')) break;
      const note = /^;\s*Note\s*:\s*(.*)$/.exec(t);
      const more = /^;\s{3,}(\S.*)$/.exec(t);
      if (note !== null) {
        current = [note[1] as string];
        notes.push('');
      } else if (more !== null && current !== undefined) {
        current.push(more[1] as string);
      } else {
        current = undefined;
      }
      if (current !== undefined) notes[notes.length - 1] = current.join('\n');
    }
  } finally {
    reader.close();
  }
  return notes.filter((n) => n !== '');
}

/** `Swedish Royal Institute of Technology (KTH)` → `kth`; otherwise the first words, slugified. */
function siteName(installation: string | undefined): string {
  if (installation === undefined) return 'site';
  const acronym = /\(([^()]{1,20})\)\s*$/.exec(installation)?.[1];
  if (acronym !== undefined) return importName(acronym, 'site');
  return importName(installation.split(/\s+/).slice(0, 3).join(' '), 'site');
}

function requested(share: number): string {
  if (share === 1) return 'every job gives a requested time (what policies are told)';
  if (share === 0) return 'no job gives a requested time: policies are told the run time';
  return `${(share * 100).toFixed(1)}% of jobs give a requested time; policies are told the run time of the others`;
}

function swfHeaderComment(file: string, f: SwfFacts): string[] {
  const h = f.header;
  const lines = [`Imported by \`manychip import swf\` from ${file}, a skeleton to edit.`];
  if (h.computer !== undefined) lines.push(`Computer: ${h.computer}`);
  if (h.installation !== undefined) lines.push(`Installation: ${h.installation}`);
  const started = h.unixStartTime === undefined ? '' : `, from ${new Date(h.unixStartTime * 1000).toISOString().slice(0, 10)} (UnixStartTime ${h.unixStartTime})`;
  const malformed = f.malformed === 0 ? 'none malformed' : `${plural(f.malformed, 'malformed line')} skipped`;
  lines.push(`${plural(f.jobs, 'job line')} (${malformed}) over ${days(f.spanS)} days${started}.`);
  const machine = [h.maxProcs === undefined ? undefined : `MaxProcs ${h.maxProcs}`, h.maxNodes === undefined ? undefined : `MaxNodes ${h.maxNodes}`].filter((v) => v !== undefined);
  const largest = f.maxRequestedProcs > 0 ? `largest request ${plural(f.maxRequestedProcs, 'processor')}` : `no requested processors; largest job ${plural(f.maxProcs, 'processor')}`;
  lines.push(`${machine.length > 0 ? `Header: ${machine.join(', ')}; ` : ''}${largest}; ${requested(f.requestedTimeShare)}.`);
  if (f.tooLarge > 0) lines.push(`${plural(f.tooLarge, 'job asks', 'jobs ask')} for more processors than the machine has: they will be rejected.`);
  if (f.unusable > 0) {
    lines.push(`${plural(f.unusable, 'job lacks', 'jobs lack')} a submit time, run time or processor count: the replay skips ${f.unusable === 1 ? 'it' : 'them'}.`);
  }
  if (f.firstMalformed !== undefined) lines.push(`First malformed line: line ${f.firstMalformed.line} ${f.firstMalformed.message}.`);
  for (const note of h.notes ?? []) lines.push(...note.split('\n').map((l, i) => (i === 0 ? `Note: ${l}` : `      ${l}`)));
  lines.push('');
  const provider = h.acknowledge === undefined ? 'the log’s provider' : h.acknowledge;
  lines.push(`Log: ${provider} (the header's Acknowledge line). A log from the Parallel Workloads`);
  lines.push('Archive asks you to acknowledge its provider and to cite the archive (Feitelson,');
  lines.push('Tsafrir, Krakov, "Experience with using the Parallel Workloads Archive", JPDC 2014).');
  return lines;
}
