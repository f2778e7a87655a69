import { main } from './cli-main.js';

/** What one CLI command did: its exit code and everything it printed. */
export interface CliOutcome {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process with `argv`, capturing standard output and error. */
export async function runCli(argv: readonly string[]): Promise<CliOutcome> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

