import { serveSweepTasks } from './serve-sweep-tasks.js';

/** A sweep worker thread (see `serveSweepTasks`); the bundle's is dist/bundle/sweep-worker.js. */
serveSweepTasks();
