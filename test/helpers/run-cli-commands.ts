/**
 * A script for tests that need the CLI in another process (another user, a
 * resource limit): `node --import tsx run-cli-commands.ts '<JSON list of
 * argv lists>'` runs each command in turn, in-process, and prints their
 * outcomes (exit code, stdout, stderr) as one JSON list.
 */
import { runCli, type CliOutcome } from './cli-capture.js';

const commands = JSON.parse(process.argv[2] ?? '[]') as string[][];
const outcomes: CliOutcome[] = [];
for (const argv of commands) outcomes.push(await runCli(argv));
process.stdout.write(JSON.stringify(outcomes));
