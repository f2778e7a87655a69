import { main } from '../../src/cli/main.js';

/** Runs the CLI in this process, capturing what it writes; `isTTY` makes standard error look like a terminal. */
export async function runCli(argv: readonly string[], options: { isTTY?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true), isTTY: options.isTTY === true, columns: 100 });
  return { code, out, err };
}
