#!/usr/bin/env node
import { loadBundle } from './load-bundle.js';

// The `manychip` command as installed: the bundle, with its code cache (built as dist/bundle/bin.js).
void loadBundle('main').runCliProcess();
