import { loadBundle } from './load-bundle.js';

// The worker thread of a command with --timeout, started from the bundle (built as dist/bundle/timed-command-worker.js, where timed-command.ts looks for it).
void loadBundle('worker').serveTimedCommand();
