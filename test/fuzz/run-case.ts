import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materialize } from './materialize.js';
import { worstOutcome, type CaseResult, type FuzzCase, type Outcome } from './fuzz-case.js';
import { runCliCase, spawnManychip } from './run-cli.js';
import { SandboxProcess } from './sandbox-process.js';

export interface RunContext {
  /** The sandbox that runs library cases (one per lane). */
  sandbox: SandboxProcess;
  /** An empty folder for the case's files; the CLI runs in it. */
  dir: string;
  /** Longest a library case may take before it counts as a hang; the CLI gets twice that plus its start-up. */
  timeLimitMs: number;
  /** Run the case through the CLI too (cases that exist only on the command line always are). */
  withCli: boolean;
  /** Flags `manychip run` has (see `cliFlags`): a case that needs one the CLI lacks is skipped. */
  cliFlags: ReadonlySet<string>;
}

/** Time the CLI gets beyond a library case's: Node and the CLI's modules start first. */
const CLI_STARTUP_MS = 3000;

/**
 * Runs one case: writes its files, runs it through the library (in the
 * sandbox) and, when asked, through the CLI, and gives every outcome and
 * the one that counts. Never throws for anything the case does.
 */
export async function runCase(c: FuzzCase, ctx: RunContext): Promise<CaseResult> {
  const outcomes: Outcome[] = [];
  try {
    materialize(c, ctx.dir);
  } catch (e) {
    const outcome: Outcome = { kind: 'skipped', via: 'library', message: `could not write the case's files here: ${e instanceof Error ? e.message : String(e)}` };
    return { outcomes: [outcome], verdict: outcome };
  }
  if (c.library !== undefined && c.cliOnly !== true) outcomes.push(await ctx.sandbox.run(ctx.dir, c.library, ctx.timeLimitMs));
  if (c.argv !== undefined && (c.cliOnly === true || ctx.withCli)) {
    if (c.needsFlag !== undefined && !ctx.cliFlags.has(c.needsFlag)) {
      outcomes.push({ kind: 'skipped', via: 'cli', message: `needs ${c.needsFlag}, which this manychip does not have yet (issue 14, item 22)` });
    } else {
      outcomes.push(await runCliCase(c.argv, ctx.dir, 2 * ctx.timeLimitMs + CLI_STARTUP_MS));
    }
  }
  if (c.expectCleanError === true) {
    for (const [i, o] of outcomes.entries()) {
      if (o.kind === 'ok') outcomes[i] = { ...o, kind: 'invariant-violation', message: 'a hostile input must be refused with a clean error, but it was accepted' };
    }
  }
  return { outcomes, verdict: worstOutcome(outcomes) };
}

/** The long options `manychip run` accepts, read from its help. */
export async function cliFlags(cwd: string): Promise<Set<string>> {
  const r = await spawnManychip(['run', '--help'], cwd, 60_000);
  return new Set(r.stdout.match(/--[a-z][a-z-]*/g) ?? []);
}

/**
 * One lane of a campaign: a sandbox of its own and a folder per case,
 * removed after the case (a failing case is saved elsewhere, from its
 * description). Lanes run side by side, one per core.
 */
export class CaseRunner {
  private readonly sandbox = new SandboxProcess();
  private readonly root: string;
  private count = 0;

  constructor(
    private readonly options: { timeLimitMs: number; cliFlags: ReadonlySet<string>; workDir?: string },
  ) {
    const parent = options.workDir ?? tmpdir();
    mkdirSync(parent, { recursive: true });
    this.root = mkdtempSync(join(parent, 'manychip-fuzz-'));
    roots.add(this.root);
  }

  /** Runs a case (its time limit is the runner's unless given). */
  async run(c: FuzzCase, withCli: boolean, timeLimitMs = this.options.timeLimitMs): Promise<CaseResult> {
    const dir = join(this.root, `case-${this.count++}`);
    try {
      return await runCase(c, { sandbox: this.sandbox, dir, timeLimitMs, withCli, cliFlags: this.options.cliFlags });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  close(): void {
    this.sandbox.stop();
    rmSync(this.root, { recursive: true, force: true });
    roots.delete(this.root);
  }
}

/** Case folders of runners not closed yet: removed when the harness exits, even on Ctrl-C. */
const roots = new Set<string>();
process.on('exit', () => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Runs `work` for indices 0…count-1, each runner taking the next index as soon as it is free. */
export async function inLanes(runners: readonly CaseRunner[], count: number, work: (runner: CaseRunner, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    runners.map(async (runner) => {
      while (next < count) await work(runner, next++);
    }),
  );
}
