#!/usr/bin/env node
import { runCliProcess } from './run-cli-process.js';
import { tuneV8 } from './v8-tuning.js';

// The command run from the sources (tsx, or tsc's output); the installed command is the bundle (bundle-bin.ts), which tunes V8 as it loads.
tuneV8();
await runCliProcess();
