import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { looksOutOfMemory } from './classify.js';
import type { LibraryRun, Outcome } from './fuzz-case.js';
import { SANDBOX_ENV, type SandboxReply, type SandboxRequest } from './sandbox-protocol.js';
import { repoRoot } from './repo-root.js';
import { killGroup, spawnLimited, tsxLoader } from './spawn-limited.js';

/** Starting a sandbox (tsx compiling the sources) may take a while on a busy machine; it is not part of any case's time. */
const STARTUP_LIMIT_MS = 120_000;

interface Pending {
  id: number;
  resolve: (outcome: Outcome) => void;
  timer: NodeJS.Timeout;
}

/**
 * One sandbox process (sandbox.ts) that runs library cases one at a time.
 * A case that runs past its time limit is a hang, and the process is
 * killed; one that kills the process is out of memory or a crash, by what
 * it printed. Either way the next case gets a fresh process.
 */
export class SandboxProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private pending: Pending | undefined;
  private stderr = '';
  private nextId = 0;

  /** Runs one case; resolves with its outcome, never rejects for anything the case does. */
  async run(dir: string, run: LibraryRun, timeLimitMs: number): Promise<Outcome> {
    await this.start();
    const child = this.child;
    if (child === undefined) throw new Error('sandbox did not start');
    this.stderr = '';
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.finish({ kind: 'hang', via: 'library', message: `no end within ${timeLimitMs} ms` });
        this.stop();
      }, timeLimitMs);
      this.pending = { id, resolve, timer };
      const request: SandboxRequest = { id, dir, run };
      child.send(request);
    });
  }

  /** Stops the process; the next `run` starts another. */
  stop(): void {
    if (this.child !== undefined) killGroup(this.child);
    this.child = undefined;
    this.ready = undefined;
  }

  private finish(outcome: Outcome): void {
    const p = this.pending;
    if (p === undefined) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    p.resolve(outcome);
  }

  private start(): Promise<void> {
    if (this.ready !== undefined) return this.ready;
    const child = spawnLimited(['--import', tsxLoader, join(repoRoot, 'test/fuzz/sandbox.ts')], { cwd: repoRoot, ipc: true, env: { [SANDBOX_ENV]: '1' } });
    this.child = child;
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-20_000);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const startup = setTimeout(() => reject(new Error(`the sandbox did not start within ${STARTUP_LIMIT_MS} ms: ${this.stderr}`)), STARTUP_LIMIT_MS);
      child.on('message', (message: SandboxReply) => {
        if (message.id === -1) {
          clearTimeout(startup);
          resolve();
          return;
        }
        if (this.pending?.id !== message.id) return;
        this.finish(message.outcome);
        if (message.retire === true) this.stop();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(startup);
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
        if (this.pending === undefined) {
          reject(new Error(`the sandbox exited (${signal ?? code}) before it was ready: ${this.stderr}`));
          return;
        }
        const text = this.stderr;
        const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
        if (looksOutOfMemory(text) || signal === 'SIGABRT' || code === 134) {
          this.finish({ kind: 'out-of-memory', via: 'library', message: `the process died of memory exhaustion (${first || signal || code})`, detail: text.slice(-4000) });
        } else {
          this.finish({ kind: 'crash', via: 'library', message: `the process died (${signal ?? `exit ${code}`}): ${first}`, detail: text.slice(-4000) });
        }
      });
    });
    return this.ready;
  }
}
