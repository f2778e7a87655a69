#!/usr/bin/env node
import { runCliProcess } from './run-cli-process.js';

await runCliProcess();
