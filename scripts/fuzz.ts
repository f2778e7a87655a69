/**
 * A fuzz campaign against manychip (docs/robustness.md): generated cases
 * through the library and, for a sample, the CLI, in parallel over the
 * cores; a table of outcomes and every distinct failure with a reproducer.
 * Exits 1 if any case crashed, hung, ran out of memory or broke an
 * invariant.
 *
 *   npm run fuzz -- --cases 2000 --seed 1
 *   npm run fuzz -- --seed 1 --replay 137        # one case again, then shrunk
 *
 * The generators, the runner and the sandbox live in test/fuzz/, shared
 * with the fixed-seed sample that `npm test` runs (test/fuzz/fuzz.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, replayCommand, runCampaign, type CampaignOptions } from '../test/fuzz/campaign.js';
import { caseAt, isFamilyName } from '../test/fuzz/families.js';
import { familyNames, isFailure, outcomeKinds, type OutcomeKind } from '../test/fuzz/fuzz-case.js';
import { knownFailure } from '../test/fuzz/known-failures.js';
import { materialize } from '../test/fuzz/materialize.js';
import { manychipCommand } from '../test/fuzz/run-cli.js';
import { CaseRunner, cliFlags } from '../test/fuzz/run-case.js';
import { showCase, shrinkCase } from '../test/fuzz/shrink.js';
import { failureSignature } from '../test/fuzz/signature.js';

const usage = `usage: npm run fuzz -- [--cases N] [--seed S] [--family NAME] [--cli-sample K]
                      [--time-limit MS] [--workers N] [--out DIR] [--replay INDEX]

  --cases N        cases to run (default 200)
  --seed S         campaign seed (default: a random one, printed)
  --family NAME    only this family: ${familyNames.join(', ')}
  --cli-sample K   one case in K also runs through the CLI (default 10; 0: none);
                   cli-misuse cases always do
  --time-limit MS  a library case running longer is a hang (default 10000);
                   the CLI gets twice that plus 3 s to start
  --workers N      cases run side by side (default: one per core)
  --out DIR        where failing cases and the report are saved
                   (default: <tmp>/manychip-fuzz-<seed>)
  --replay INDEX   run case INDEX of the seed again (through the CLI too),
                   show it, and shrink it if it fails`;

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    seed: { type: 'string' },
    family: { type: 'string' },
    'cli-sample': { type: 'string' },
    'time-limit': { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string' },
    replay: { type: 'string' },
    help: { type: 'boolean' },
  },
});

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${usage}\n`);
  process.exit(2);
}

function count(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min) fail(`--${name} must be a whole number of at least ${min}; got ${JSON.stringify(text)}`);
  return n;
}

if (values.help === true) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const family = values.family;
if (family !== undefined && !isFamilyName(family)) fail(`unknown family ${JSON.stringify(family)}`);
const seed = count('seed', values.seed, Math.floor(Math.random() * 2 ** 31));
const options: CampaignOptions = {
  seed,
  cases: count('cases', values.cases, 200, 1),
  ...(family === undefined ? {} : { family }),
  cliEvery: count('cli-sample', values['cli-sample'], 10),
  timeLimitMs: count('time-limit', values['time-limit'], 10_000, 100),
  workers: count('workers', values.workers, availableParallelism(), 1),
  saveDir: resolve(values.out ?? join(tmpdir(), `manychip-fuzz-${seed}`)),
};
mkdirSync(options.saveDir, { recursive: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // The exit handler of spawn-limited.ts then kills every case still running.
  process.on(signal, () => process.exit(130));
}
process.stderr.write(`manychip fuzz: seed ${seed}; the CLI is ${manychipCommand().which}; failing cases go to ${options.saveDir}\n`);

if (values.replay !== undefined) {
  process.exitCode = await replay(count('replay', values.replay, 0));
} else {
  process.exitCode = await campaign();
}

async function campaign(): Promise<number> {
  const tally: Record<OutcomeKind, number> = Object.fromEntries(outcomeKinds.map((k) => [k, 0])) as Record<OutcomeKind, number>;
  const seen = new Set<string>();
  const started = Date.now();
  let lastPrint = 0;
  const report = await runCampaign({
    ...options,
    onCase: (record, done) => {
      tally[record.result.verdict.kind]++;
      if (record.signature !== undefined && !seen.has(record.signature)) {
        seen.add(record.signature);
        const known = record.knownItem === undefined ? 'NEW' : `known, item ${record.knownItem}`;
        process.stderr.write(`  case ${record.index}: [${known}] ${record.signature}\n`);
      }
      const now = Date.now();
      if (now - lastPrint > 10_000 || done === options.cases) {
        lastPrint = now;
        const rate = done / ((now - started) / 1000);
        const left = (options.cases - done) / rate;
        const parts = outcomeKinds.filter((k) => tally[k] > 0).map((k) => `${k} ${tally[k]}`);
        process.stderr.write(`[${done}/${options.cases}] ${parts.join(' · ')} — ${rate.toFixed(1)} cases/s, ~${Math.ceil(left / 60)} min left\n`);
      }
    },
  });
  const text = formatReport(report);
  writeFileSync(join(options.saveDir, 'report.md'), `${text}\n`);
  process.stdout.write(`\n${text}\n\nreport: ${join(options.saveDir, 'report.md')}\n`);
  return report.failures.length > 0 ? 1 : 0;
}

async function replay(index: number): Promise<number> {
  const c = caseAt(seed, index, options.family);
  const runner = new CaseRunner({ timeLimitMs: options.timeLimitMs, cliFlags: await cliFlags(process.cwd()) });
  try {
    process.stdout.write(`case ${index} of seed ${seed}:\n${showCase(c)}\n\n`);
    const result = await runner.run(c, true);
    for (const o of result.outcomes) process.stdout.write(`${o.via}: ${o.kind}: ${o.message}\n${o.detail === undefined ? '' : `${o.detail}\n`}`);
    const dir = join(options.saveDir, `replay-${index}`);
    materialize(c, dir);
    process.stdout.write(`files: ${dir}\n`);
    if (!isFailure(result.verdict)) return 0;
    const signature = failureSignature(c, result.verdict);
    const known = knownFailure(c, result.verdict);
    process.stdout.write(`\nfailure: ${signature}${known === undefined ? '' : ` (known: issue 14 item ${known.item})`}\nshrinking (up to 5 minutes)…\n`);
    const shrunk = await shrinkCase({ seed, index, ...(options.family === undefined ? {} : { family: options.family }), signature, runner, withCli: true, timeLimitMs: 300_000 });
    if (shrunk !== undefined) {
      const small = join(options.saveDir, `replay-${index}-shrunk`);
      materialize(shrunk.counterexample, small);
      process.stdout.write(`\nafter ${shrunk.shrinks} shrinks:\n${showCase(shrunk.counterexample)}\nfiles: ${small}\n\n${shrunk.report}\n`);
    }
    process.stdout.write(`\nagain: ${replayCommand(options, index)}\n`);
    return 1;
  } finally {
    runner.close();
  }
}
