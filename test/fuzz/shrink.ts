import fc from 'fast-check';
import { caseSeed, familyOf, families } from './families.js';
import { isFailure, type FamilyName, type FuzzCase } from './fuzz-case.js';
import type { CaseRunner } from './run-case.js';
import { failureSignature } from './signature.js';

export interface Shrunk {
  /** The smallest case fast-check found that still fails with the same signature. */
  counterexample: FuzzCase;
  /** Steps of shrinking taken. */
  shrinks: number;
  /** fast-check's own account: the seed, the path to replay it, the counterexample. */
  report: string;
}

/**
 * Shrinks case `index` of a campaign with `seed`: fast-check draws the
 * same case again (same seed, one run) and shrinks it for as long as it
 * still fails with `signature`, within `timeLimitMs`.
 */
export async function shrinkCase(options: {
  seed: number;
  index: number;
  family?: FamilyName;
  signature: string;
  runner: CaseRunner;
  withCli: boolean;
  timeLimitMs: number;
}): Promise<Shrunk | undefined> {
  const family = familyOf(options.index, options.family);
  const stillFails = async (c: FuzzCase): Promise<boolean> => {
    const r = await options.runner.run(c, options.withCli);
    return !(isFailure(r.verdict) && failureSignature(c, r.verdict) === options.signature);
  };
  const details = await fc.check(fc.asyncProperty(families[family], stillFails), {
    seed: caseSeed(options.seed, options.index),
    numRuns: 1,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
  });
  const counterexample = details.counterexample?.[0];
  if (!details.failed || counterexample === undefined) return undefined;
  return { counterexample, shrinks: details.numShrinks, report: fc.defaultReportMessage(details) ?? '' };
}

/** A case as a report shows it: its files cut to their first lines. */
export function showCase(c: FuzzCase): string {
  const files = c.files.map((f) => {
    if ('text' in f) {
      const lines = f.text.split('\n');
      const shown = lines.slice(0, 40).map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l));
      return `--- ${f.path}${lines.length > 40 ? ` (first 40 of ${lines.length} lines)` : ''}\n${shown.join('\n')}`;
    }
    if ('base64' in f) return `--- ${f.path}: ${Buffer.from(f.base64, 'base64').length} bytes`;
    if ('fifo' in f) return `--- ${f.path}: a named pipe`;
    return `--- ${f.path}: ${f.sparseBytes} bytes, sparse`;
  });
  return [`family: ${c.family}`, `label: ${c.label}`, ...(c.library === undefined ? [] : [`library: ${JSON.stringify(c.library)}`]), ...(c.argv === undefined ? [] : [`argv: manychip ${c.argv.join(' ')}`]), ...files].join('\n');
}
