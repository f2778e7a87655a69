#!/usr/bin/env node
import { main } from './main.js';
import { watchOutputStreams } from './watch-output-streams.js';

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
