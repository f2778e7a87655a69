import { serveTimedCommand } from './serve-timed-command.js';

/** The worker thread a command with `--timeout` runs in (see serve-timed-command.ts); the bundle's is dist/bundle/timed-command-worker.js. */
void serveTimedCommand();
