import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { replayCommand } from './campaign.js';
import { caseAt } from './families.js';
import { familyNames, isFailure, type CaseResult, type FuzzCase, type Outcome } from './fuzz-case.js';
import { FIXED_REPRODUCERS, KNOWN_FAILURES, knownFailure } from './known-failures.js';
import { CaseRunner, cliFlags, inLanes } from './run-case.js';
import { showCase, shrinkCase } from './shrink.js';
import { failureSignature } from './signature.js';

/**
 * A fixed-seed sample of the fuzz suite (docs/robustness.md): every family,
 * through the library and, one case in CLI_EVERY, the CLI; and every
 * reproducer of the known list. A crash, hang, out-of-memory or broken
 * invariant that the known list does not name fails the test, with the
 * seed, the family, the case and its counterexample shrunk by fast-check.
 * A known failure that no longer happens is announced loudly, so that its
 * entry is removed.
 */

const SEED = 14;
const PER_FAMILY = 15;
const CLI_EVERY = 8;
/** A case takes tens of milliseconds (the trace scenarios up to a second on a busy machine); past this it is a hang. */
const TIME_LIMIT_MS = 5000;
/** A reproducer is tiny once fixed, and still failing when it runs out of time: a short limit only delays the good news. */
const REPRODUCER_TIME_LIMIT_MS = 1000;
/** How long shrinking a new failure may take before the test reports what it has. */
const SHRINK_LIMIT_MS = 60_000;

interface Task {
  c: FuzzCase;
  /** Index of the sampled case, or undefined for a reproducer. */
  index?: number;
  item?: number;
  withCli: boolean;
  timeLimitMs: number;
}

const sample: Task[] = Array.from({ length: PER_FAMILY * familyNames.length }, (_, index) => ({
  c: caseAt(SEED, index),
  index,
  withCli: index % CLI_EVERY === 0,
  timeLimitMs: TIME_LIMIT_MS,
}));
// Reproducers run through the library (the CLI shares its code); those that exist only on the command line, through the CLI.
const reproducers: Task[] = [
  ...KNOWN_FAILURES.flatMap((k) => k.reproducers.map((c) => ({ c, item: k.item, withCli: c.cliOnly === true, timeLimitMs: REPRODUCER_TIME_LIMIT_MS }))),
  // Fixed since: regression cases, which must end cleanly like any generated case.
  ...FIXED_REPRODUCERS.flatMap((f) => f.cases.map((c) => ({ c, withCli: c.cliOnly === true, timeLimitMs: REPRODUCER_TIME_LIMIT_MS }))),
];

const runners: CaseRunner[] = [];
afterAll(() => {
  for (const r of runners) r.close();
});

describe('the fuzz suite, at a fixed seed', () => {
  it('finds no crash, hang, out-of-memory or broken invariant beyond the known list, and says which known ones are fixed', async () => {
    const flags = await cliFlags(tmpdir());
    for (let i = 0; i < 2; i++) runners.push(new CaseRunner({ timeLimitMs: TIME_LIMIT_MS, cliFlags: flags }));
    // Reproducers first: most of the slow ones (known hangs) are among them.
    const tasks = [...reproducers, ...sample];
    const results = new Map<Task, CaseResult>();
    await inLanes(runners, tasks.length, async (runner, i) => {
      const t = tasks[i] as Task;
      results.set(t, await runner.run(t.c, t.withCli, t.timeLimitMs));
    });

    announceFixed(results);

    const unexpected: { task: Task; outcome: Outcome }[] = [];
    for (const [task, result] of results) {
      for (const o of result.outcomes) if (isFailure(o) && knownFailure(task.c, o) === undefined) unexpected.push({ task, outcome: o });
    }
    if (unexpected.length === 0) return;
    // A generated case first: it has a seed and shrinks; a reproducer is already small.
    const first = (unexpected.find((u) => u.task.index !== undefined) ?? unexpected[0]) as { task: Task; outcome: Outcome };
    expect.fail(await explain(first.task, first.outcome, unexpected.length));
  }, 600_000);
});

/** Prints, loudly, every known failure whose reproducers all pass now (and those partly fixed). */
function announceFixed(results: Map<Task, CaseResult>): void {
  for (const k of KNOWN_FAILURES) {
    const mine = [...results].filter(([t]) => t.item === k.item);
    const passing = mine.filter(([, r]) => !r.outcomes.some(isFailure)).map(([t]) => t.c.label);
    if (passing.length === 0) continue;
    const bar = '!'.repeat(78);
    const what =
      passing.length === mine.length
        ? `issue 14 item ${k.item} is fixed: remove it from the known list (test/fuzz/known-failures.ts)`
        : `issue 14 item ${k.item} is partly fixed: ${passing.length} of ${mine.length} reproducers no longer fail (${passing.join('; ')})`;
    console.warn(`\n${bar}\n${what}\n  ${k.summary}\n${bar}\n`);
  }
}

/** The failure message: where it came from, what it was, and the smallest case fast-check could shrink it to. */
async function explain(task: Task, outcome: Outcome, total: number): Promise<string> {
  const signature = failureSignature(task.c, outcome);
  const lines = [
    `${total} failure(s) not on the known list; the first:`,
    `  ${signature}`,
    ...(outcome.detail === undefined ? [`  ${outcome.message}`] : [`  ${outcome.detail.split('\n').slice(0, 8).join('\n  ')}`]),
  ];
  if (task.index === undefined) {
    lines.push(`from the reproducer of item ${task.item}:`, showCase(task.c));
    return lines.join('\n');
  }
  lines.push(`seed ${SEED}, family ${task.c.family}, case ${task.index}; again with: ${replayCommand({ seed: SEED }, task.index)}`);
  const runner = runners[0];
  const shrunk = runner === undefined ? undefined : await shrinkCase({ seed: SEED, index: task.index, signature, runner, withCli: outcome.via === 'cli', timeLimitMs: SHRINK_LIMIT_MS });
  if (shrunk === undefined) lines.push('the case:', showCase(task.c));
  else lines.push(`minimal counterexample after ${shrunk.shrinks} shrinks:`, showCase(shrunk.counterexample), '', shrunk.report);
  return lines.join('\n');
}
