import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseAt, familyOf } from './families.js';
import { familyNames, isFailure, outcomeKinds, type CaseResult, type FamilyName, type FuzzCase, type OutcomeKind } from './fuzz-case.js';
import { knownFailure } from './known-failures.js';
import { materialize } from './materialize.js';
import { CaseRunner, cliFlags, inLanes } from './run-case.js';
import { failureSignature } from './signature.js';

export interface CampaignOptions {
  seed: number;
  /** Cases to run: indices `first` to `first + cases - 1`. */
  cases: number;
  first?: number;
  /** Only this family (else each family in turn). */
  family?: FamilyName;
  /** One case in this many also runs through the CLI (cases that exist only on the command line always do); 0: none. */
  cliEvery: number;
  timeLimitMs: number;
  /** Lanes run side by side, each with its own sandbox process. */
  workers: number;
  /** Where failing cases are written out (the first few of each distinct failure). */
  saveDir: string;
  /** Where the cases' folders are made while they run (default: the system's temporary folder). */
  workDir?: string;
  /** Called after every case. */
  onCase?: (record: CaseRecord, done: number) => void;
}

export interface CaseRecord {
  index: number;
  case: FuzzCase;
  result: CaseResult;
  /** Set for failures. */
  signature?: string;
  /** The issue-14 item a failure is known as. */
  knownItem?: number;
  /** Where the case was saved (failures only). */
  savedTo?: string;
}

/** One distinct failure: every case with the same signature. */
export interface FailureGroup {
  signature: string;
  count: number;
  knownItem?: number;
  /** The first case that failed this way (lowest index). */
  first: CaseRecord;
}

export interface CampaignReport {
  options: CampaignOptions;
  counts: Record<OutcomeKind, number>;
  byFamily: Record<FamilyName, Record<OutcomeKind, number>>;
  failures: FailureGroup[];
  wallMs: number;
}

/** Failing cases saved per distinct failure: enough to see its range, few enough to keep the folder small. */
const SAVED_PER_FAILURE = 3;

const zeroCounts = (): Record<OutcomeKind, number> => Object.fromEntries(outcomeKinds.map((k) => [k, 0])) as Record<OutcomeKind, number>;

/**
 * Runs a campaign: cases `first…first+cases-1` of `seed`, over `workers`
 * lanes, each case through the library and (one in `cliEvery`) the CLI.
 * Failures are grouped by signature, matched against the known list, and
 * the first few of each are saved with a note on how to replay them.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = Date.now();
  const first = options.first ?? 0;
  const flags = await cliFlags(options.workDir ?? process.cwd());
  const counts = zeroCounts();
  const byFamily = Object.fromEntries(familyNames.map((f) => [f, zeroCounts()])) as Record<FamilyName, Record<OutcomeKind, number>>;
  const groups = new Map<string, FailureGroup>();
  let done = 0;
  const runnerOptions = { timeLimitMs: options.timeLimitMs, cliFlags: flags, ...(options.workDir === undefined ? {} : { workDir: options.workDir }) };
  const runners = Array.from({ length: Math.max(1, options.workers) }, () => new CaseRunner(runnerOptions));
  try {
    await inLanes(runners, options.cases, async (runner, i) => {
      const index = first + i;
      const c = caseAt(options.seed, index, options.family);
      const withCli = options.cliEvery > 0 && index % options.cliEvery === 0;
      const result = await runner.run(c, withCli);
      const record: CaseRecord = { index, case: c, result };
      counts[result.verdict.kind]++;
      byFamily[c.family][result.verdict.kind]++;
      if (isFailure(result.verdict)) recordFailure(record, options, groups);
      done++;
      options.onCase?.(record, done);
    });
  } finally {
    for (const r of runners) r.close();
  }
  const failures = [...groups.values()].sort((a, b) => b.count - a.count || a.first.index - b.first.index);
  return { options, counts, byFamily, failures, wallMs: Date.now() - started };
}

function recordFailure(record: CaseRecord, options: CampaignOptions, groups: Map<string, FailureGroup>): void {
  const c = record.case;
  const verdict = record.result.verdict;
  const signature = failureSignature(c, verdict);
  record.signature = signature;
  const known = knownFailure(c, verdict);
  if (known !== undefined) record.knownItem = known.item;
  let group = groups.get(signature);
  if (group === undefined) {
    group = { signature, count: 0, first: record, ...(known === undefined ? {} : { knownItem: known.item }) };
    groups.set(signature, group);
  }
  group.count++;
  if (record.index < group.first.index) group.first = record;
  if (group.count <= SAVED_PER_FAILURE) {
    const dir = join(options.saveDir, `case-${record.index}`);
    materialize(c, dir);
    writeFileSync(join(dir, 'case.json'), `${JSON.stringify(caseNote(record, options), null, 2)}\n`);
    record.savedTo = dir;
  }
}

/** How to run one case again, with shrinking: the command a report prints. */
export function replayCommand(options: Pick<CampaignOptions, 'seed' | 'family'>, index: number): string {
  return `npm run fuzz -- --seed ${options.seed} --replay ${index}${options.family === undefined ? '' : ` --family ${options.family}`}`;
}

/** What case.json says of a saved case: where it comes from, how to replay it, what ran and what came out. */
function caseNote(record: CaseRecord, options: CampaignOptions): Record<string, unknown> {
  return {
    seed: options.seed,
    index: record.index,
    family: familyOf(record.index, options.family),
    label: record.case.label,
    replay: replayCommand(options, record.index),
    argv: record.case.argv,
    library: record.case.library,
    signature: record.signature,
    knownItem: record.knownItem,
    outcomes: record.result.outcomes,
  };
}

const kindLabels: Record<OutcomeKind, string> = {
  ok: 'ok',
  'clean-error': 'clean error',
  crash: 'crash (exit 1 "internal error", or raw JS text)',
  hang: 'hang',
  'out-of-memory': 'out of memory',
  'invariant-violation': 'invariant violation (null/NaN in results, jobs not conserved, …)',
  skipped: 'skipped (needs a flag the CLI lacks)',
};

/** The report as Markdown: the outcome table, the table by family, and every distinct failure with its reproducer. */
export function formatReport(report: CampaignReport): string {
  const { options, counts } = report;
  const n = (v: number): string => v.toLocaleString('en-US');
  const lines: string[] = [];
  lines.push(`${n(options.cases)} cases, seed ${options.seed}${options.family === undefined ? '' : `, family ${options.family}`}, one in ${options.cliEvery || '∞'} also through the CLI, time limit ${options.timeLimitMs} ms, ${options.workers} workers: ${(report.wallMs / 1000).toFixed(0)} s`, '');
  lines.push('| outcome | cases |', '|---|---|');
  for (const k of outcomeKinds) if (k !== 'skipped' || counts[k] > 0) lines.push(`| ${kindLabels[k]} | ${n(counts[k])} |`);
  lines.push('', `| family | ${outcomeKinds.join(' | ')} |`, `|---|${outcomeKinds.map(() => '---:').join('|')}|`);
  for (const f of familyNames) {
    const row = report.byFamily[f];
    if (outcomeKinds.every((k) => row[k] === 0)) continue;
    lines.push(`| ${f} | ${outcomeKinds.map((k) => n(row[k])).join(' | ')} |`);
  }
  lines.push('');
  if (report.failures.length === 0) {
    lines.push('No crash, hang, out-of-memory or invariant violation.');
    return lines.join('\n');
  }
  lines.push(`${report.failures.length} distinct failures:`, '');
  report.failures.forEach((g, i) => {
    const known = g.knownItem === undefined ? 'NEW' : `known, issue 14 item ${g.knownItem}`;
    lines.push(`${i + 1}. [${known}] ${g.signature} — ${n(g.count)} case${g.count === 1 ? '' : 's'}`);
    lines.push(`   first: case ${g.first.index}: ${g.first.case.label}`);
    const detail = g.first.result.verdict.detail;
    if (detail !== undefined && detail !== '') lines.push(`   detail: ${detail.split('\n').slice(0, 3).join(' ⏎ ').slice(0, 300)}`);
    lines.push(`   replay: ${replayCommand(options, g.first.index)}${g.first.savedTo === undefined ? '' : `  (files: ${g.first.savedTo})`}`);
  });
  return lines.join('\n');
}
