/**
 * Runs one gated suite in a child process of its own and reads its
 * figures back. A process per suite keeps suites from shaping each other's
 * compiled code (type feedback at shared call sites, heap size), so that a
 * figure does not depend on which suites ran before it, and a second
 * measurement of a suite is an independent one.
 *
 * The child collects garbage on its main thread alone
 * (--single-threaded-gc): on a 2-core machine V8's parallel scavenges wait
 * for helper threads whenever the other core is busy, which made the
 * M/M/1 simulation's ratio jump between two values a third apart from one
 * process to the next; on the main thread a collection costs the same
 * whatever the other core does, and allocation still costs what it costs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childNodeFlags } from '../lib/child-node-flags.js';
import type { Figure } from '../lib/figure.js';
import type { Mode } from './gate-suites.js';

const WORKER = fileURLToPath(new URL('./suite-worker.js', import.meta.url));

/** The figures of suite `id` measured in a fresh Node process (with this process's flags, so tsx works too). */
export function suiteInProcess(id: string, mode: Mode): Promise<Figure[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...childNodeFlags(), '--single-threaded-gc', WORKER, id, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`suite ${id} failed in its process (exit code ${code})`));
        return;
      }
      try {
        resolve(JSON.parse(out) as Figure[]);
      } catch (e) {
        reject(new Error(`suite ${id}: unreadable figures from its process (${e instanceof Error ? e.message : String(e)})`));
      }
    });
  });
}
