import { exitWhenSettled } from './exit-when-settled.js';
import { main } from './main.js';
import { watchOutputStreams } from './watch-output-streams.js';

/**
 * The command line as a process: runs `main` on this process's arguments
 * and streams, and sets the exit code (a failed write to standard output
 * or error wins over the command's own code), and ends the process as
 * soon as nothing is left to deliver. What `manychip` runs,
 * from the sources (bin.ts) or from the bundle (bundle-bin.ts).
 */
export async function runCliProcess(): Promise<void> {
  let streamFailure: number | undefined;
  watchOutputStreams(
    [
      ['standard output', process.stdout],
      ['standard error', process.stderr],
    ],
    (line) => process.stderr.write(line),
    (code) => {
      streamFailure = code;
      process.exitCode = code;
    },
  );
  const code = await main(process.argv.slice(2));
  process.exitCode = streamFailure ?? code;
  exitWhenSettled();
}
