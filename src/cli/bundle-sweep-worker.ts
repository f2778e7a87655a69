import { loadBundle } from './load-bundle.js';

// A sweep worker thread started from the bundle (built as dist/bundle/sweep-worker.js, where run-sweep.ts looks for it).
void loadBundle('worker').serveSweepTasks();
