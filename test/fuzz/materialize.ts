import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FuzzCase } from './fuzz-case.js';

/** Writes a case's files into `dir` (created if needed): text, bytes, an unwritten named pipe, a sparse file. */
export function materialize(c: FuzzCase, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of c.files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    if ('text' in f) writeFileSync(path, f.text);
    else if ('base64' in f) writeFileSync(path, Buffer.from(f.base64, 'base64'));
    else if ('fifo' in f) {
      const made = spawnSync('mkfifo', [path]);
      if (made.status !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr.toString()}`);
    } else {
      const fd = openSync(path, 'w');
      ftruncateSync(fd, f.sparseBytes);
      closeSync(fd);
    }
  }
}
